import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleBytes, decodeMappings, groupOf } from './bundleBytes';

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('attributing first-load bytes', () => {
  it('decodes source map mappings into columns and sources', () => {
    // "AAAA": column 0, source 0; "KCAA": column +5, source +1; a new line restarts the column.
    expect(decodeMappings('AAAA,KCAA;AAAA')).toEqual([
      [
        [0, 0],
        [5, 1],
      ],
      [[0, 1]],
    ]);
  });

  it('sorts sources into third-party libraries, our code and our messages', () => {
    expect(groupOf('../../node_modules/react-dom/cjs/react-dom-client.production.js')).toBe('thirdParty');
    expect(groupOf('../../src/i18n/zh-CN.ts')).toBe('messages');
    expect(groupOf('../../src/i18n/en.ts')).toBe('messages');
    expect(groupOf('../../src/i18n/language.ts')).toBe('own');
    expect(groupOf('../../src/features/profiles/LockScreen.tsx')).toBe('own');
  });

  it('shares each file\'s gzipped size among the groups its source map names', () => {
    folder = mkdtempSync(path.join(tmpdir(), 'bundle-bytes-'));
    const library = 'function libraryCode(){return 42}'.repeat(20);
    const ours = 'const ours=1;';
    writeFileSync(path.join(folder, 'chunk.js'), `${library}${ours}`);
    // Our code starts at column library.length, from source 1: a base64 VLQ.
    const vlq = (value: number) => {
      let rest = value << 1;
      let out = '';
      do {
        let digit = rest & 31;
        rest >>>= 5;
        if (rest > 0) digit |= 32;
        out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[digit];
      } while (rest > 0);
      return out;
    };
    writeFileSync(
      path.join(folder, 'chunk.js.map'),
      JSON.stringify({ version: 3, sources: ['../node_modules/lib/index.js', '../src/main.ts'], mappings: `AAAA,${vlq(library.length)}CAAA` }),
    );
    writeFileSync(path.join(folder, 'styles.css'), 'body{margin:0}');
    const bytes = bundleBytes(folder, ['/chunk.js', '/styles.css', '/chunk.js']);
    expect(bytes.files.map((file) => file.file).sort()).toEqual(['chunk.js', 'styles.css']);
    expect(bytes.gzip.thirdParty).toBeGreaterThan(0);
    expect(bytes.gzip.own).toBeGreaterThan(0);
    expect(bytes.gzip.messages).toBe(0);
    expect(bytes.gzip.thirdParty + bytes.gzip.own).toBeCloseTo(bytes.total, 6);
    expect(bytes.unmapped).toEqual([]);
  });
});
