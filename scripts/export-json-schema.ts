// Writes docs/report.schema.json (npm run schema). A unit test fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from './jsonSchema';

const target = new URL('../docs/report.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log(`Wrote ${target.pathname}`);
