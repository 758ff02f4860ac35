// Before the end-to-end tests: make sure there is a Chromium to drive, or say
// in one line what to install.
import { spawnSync } from 'node:child_process';
import { findChromium } from '../e2e/browser';

if (findChromium() === null) {
  console.log('No Chromium found: trying `playwright install chromium`…');
  const install = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  if (install.status !== 0 || findChromium() === null) {
    console.error(
      'No browser for the end-to-end tests: install Chromium (Debian: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium executable.',
    );
    process.exit(1);
  }
}
const found = findChromium();
console.log(`End-to-end tests use ${found ?? "Playwright's own Chromium"}`);
