// Gzipped bytes of the files a page load requested, split into third-party
// libraries, our own code and our messages. Each file is gzipped whole (-9, as
// scripts/size-budget.ts does); its gzipped size is shared among the groups in
// proportion to each group's own gzipped size, where each group's part of the
// minified file is found through the build's source map. A file without a map
// counts as our own code (CSS: src/app/styles.css) unless it is under node_modules.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export type Group = 'thirdParty' | 'own' | 'messages';
export type GroupBytes = Record<Group, number>;

export interface BundleBytes {
  /** Gzipped bytes per group, summed over the files. */
  gzip: GroupBytes;
  total: number;
  /** Files that had no source map to split them by (counted as one group whole). */
  unmapped: string[];
  files: { file: string; gzip: number; groups: GroupBytes }[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** Source map "mappings": per generated line, [generated column, source index or -1]. */
export function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of line ? line.split(',') : []) {
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64_VALUE.get(char);
        if (digit === undefined) throw new Error(`Not a base64 VLQ digit: ${char}`);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length > 1) {
        source += fields[1] ?? 0;
        segments.push([column, source]);
      } else {
        segments.push([column, -1]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

export function groupOf(source: string): Group {
  const normalized = source.replace(/\\/g, '/');
  if (normalized.includes('/node_modules/') || normalized.startsWith('node_modules/')) return 'thirdParty';
  if (/(^|\/)src\/i18n\/(zh-CN|en)\.ts$/.test(normalized)) return 'messages';
  return 'own';
}

const gzipSize = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;
const emptyGroups = (): GroupBytes => ({ thirdParty: 0, own: 0, messages: 0 });

/** The minified text of one file, split by the group of the source each piece came from. */
function splitByGroup(code: string, mapText: string): Record<Group, string> {
  const map = JSON.parse(mapText) as { sources?: string[]; mappings: string };
  const groups = (map.sources ?? []).map(groupOf);
  const parts: Record<Group, string[]> = { thirdParty: [], own: [], messages: [] };
  const codeLines = code.split('\n');
  decodeMappings(map.mappings).forEach((segments, lineIndex) => {
    const line = codeLines[lineIndex] ?? '';
    // Text before the first mapped segment of a line is the bundler's own glue.
    if (segments.length === 0) {
      parts.own.push(line);
      return;
    }
    parts.own.push(line.slice(0, segments[0]?.[0] ?? 0));
    segments.forEach(([column, source], index) => {
      const end = segments[index + 1]?.[0] ?? line.length;
      parts[source >= 0 ? (groups[source] ?? 'own') : 'own'].push(line.slice(column, end));
    });
  });
  return { thirdParty: parts.thirdParty.join(''), own: parts.own.join(''), messages: parts.messages.join('') };
}

/** Attributes the gzipped bytes of `urls` (paths on the built site) to the groups. */
export function bundleBytes(outDir: string, urls: Iterable<string>): BundleBytes {
  const result: BundleBytes = { gzip: emptyGroups(), total: 0, unmapped: [], files: [] };
  for (const url of new Set(urls)) {
    const file = path.join(outDir, decodeURIComponent(new URL(url, 'http://x').pathname).replace(/^\//, ''));
    const code = readFileSync(file, 'utf8');
    const gzip = gzipSize(code);
    const groups = emptyGroups();
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) {
      const parts = splitByGroup(code, readFileSync(mapFile, 'utf8'));
      const weights = { thirdParty: parts.thirdParty ? gzipSize(parts.thirdParty) : 0, own: parts.own ? gzipSize(parts.own) : 0, messages: parts.messages ? gzipSize(parts.messages) : 0 };
      const sum = weights.thirdParty + weights.own + weights.messages;
      for (const group of ['thirdParty', 'own', 'messages'] as const) groups[group] = sum > 0 ? (gzip * weights[group]) / sum : 0;
    } else {
      if (file.endsWith('.js')) result.unmapped.push(path.basename(file));
      groups[groupOf(file)] = gzip;
    }
    for (const group of ['thirdParty', 'own', 'messages'] as const) result.gzip[group] += groups[group];
    result.total += gzip;
    result.files.push({ file: path.basename(file), gzip, groups });
  }
  result.files.sort((a, b) => b.gzip - a.gzip);
  return result;
}
