// Which Chromium the end-to-end tests drive: $CHROMIUM_PATH, else Playwright's
// own build when it is installed, else the system's /usr/bin/chromium.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The executable to launch, or undefined to let Playwright use its own. Null when there is none at all. */
export function findChromium(): string | undefined | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : null;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright's browser is not installed: fall through to the system's.
  }
  return SYSTEM_CHROMIUM.find((path) => existsSync(path)) ?? null;
}
