// Writes the built app's config.json for the end-to-end tests, as a
// deployment would: the repository's defaults (public/config.json) and the
// agency key the tests' receivers know and the tests open reports with (the
// published test key of src/contract/testing/agencyTestKey.ts). Run before
// the app is served (playwright.config.ts); `vite build` writes the file anew.
import { readFileSync, writeFileSync } from 'node:fs';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';

const defaults = JSON.parse(readFileSync(new URL('../public/config.json', import.meta.url), 'utf8')) as Record<string, unknown>;
writeFileSync(new URL('../dist/config.json', import.meta.url), `${JSON.stringify({ ...defaults, agencyKeys: TEST_AGENCY_KEYS }, null, 2)}\n`);
