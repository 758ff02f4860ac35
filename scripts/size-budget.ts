// The size budget: the JavaScript the first page load needs, gzipped, from the
// built dist/index.html (its entry script and the modules it preloads).
// Deterministic, not timed. Prints the figure; fails above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 180;
const dist = process.argv[2] ?? 'dist';

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const urls = new Set<string>();
for (const match of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) urls.add(match[1] as string);
for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(match[1] as string);
if (urls.size === 0) {
  console.error(`No entry script found in ${dist}/index.html: build first (npm run build).`);
  process.exit(1);
}

const rows = [...urls].map((url) => {
  const bytes = readFileSync(join(dist, url.replace(/^\//, '')));
  return { file: url, kb: gzipSync(bytes, { level: 9 }).length / 1024 };
});
rows.sort((a, b) => b.kb - a.kb);
const total = rows.reduce((sum, row) => sum + row.kb, 0);

console.log('First-load JavaScript (gzip -9):');
for (const row of rows) console.log(`  ${row.kb.toFixed(1).padStart(7)} KB  ${row.file}`);
console.log(`  ${total.toFixed(1).padStart(7)} KB  total; budget ${BUDGET_KB} KB`);
if (total > BUDGET_KB) {
  console.error(`Over budget by ${(total - BUDGET_KB).toFixed(1)} KB.`);
  process.exit(1);
}
