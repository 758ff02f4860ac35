// Renders the app icons in public/ from public/icon.svg with Chromium:
//   npx tsx scripts/render-icons.ts
// The PNGs are committed; run this again after changing the SVG.
// - icon-192.png, icon-512.png: the SVG as it is (rounded corners, transparent outside).
// - icon-maskable-512.png: full-bleed brand colour with the shield inside a
//   circle of 64 % diameter, well within the maskable safe zone (80 %).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../e2e/browser';

const PUBLIC = join(import.meta.dirname, '..', 'public');
const BRAND = '#1d4f91';

const svg = readFileSync(join(PUBLIC, 'icon.svg'), 'utf8');
// The shield and the heart without the SVG's own rounded background.
const shapes = svg.replace(/<svg[^>]*>/, '').replace('</svg>', '').replace(/<rect[^>]*\/>/, '');
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${BRAND}"/><g transform="translate(32 32) scale(0.85) translate(-32 -32)">${shapes}</g></svg>`;

const icons = [
  { file: 'icon-192.png', size: 192, source: svg },
  { file: 'icon-512.png', size: 512, source: svg },
  { file: 'icon-maskable-512.png', size: 512, source: maskable },
];

const executablePath = findChromium();
if (executablePath === null) {
  console.error('No Chromium found: set CHROMIUM_PATH or install chromium.');
  process.exit(1);
}
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const icon of icons) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    const sized = icon.source.replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    writeFileSync(join(PUBLIC, icon.file), png);
    console.log(`${icon.file}: ${icon.size}×${icon.size}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
