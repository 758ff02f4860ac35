// The house's direction, checked: app → features → sync → vault → storage →
// contract, with lib/ and i18n/ beneath everything; a feature never imports
// app/ or another feature; server/ imports only src/contract; agency/ (the
// agency's tool) imports only server/, src/contract and src/i18n; no import circle.
// `npm test` runs it (scripts/check-imports.ts); README's "Layout" explains it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A folder of the house, by the first path segments of a file. */
export type Layer = 'contract' | 'storage' | 'vault' | 'sync' | 'features' | 'app' | 'lib' | 'i18n' | 'main' | 'inbox' | 'server' | 'agency';

/** What each layer may import, besides itself. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  contract: [],
  lib: [],
  i18n: ['contract'],
  storage: ['contract', 'lib'],
  vault: ['storage', 'contract', 'lib'],
  sync: ['vault', 'storage', 'contract', 'lib', 'i18n'],
  features: ['sync', 'vault', 'storage', 'contract', 'lib', 'i18n'],
  app: ['features', 'sync', 'vault', 'storage', 'contract', 'lib', 'i18n'],
  main: ['app', 'features', 'sync', 'vault', 'storage', 'contract', 'lib', 'i18n'],
  // The agency's inbox: a page apart, that no layer of the tablet app imports (none lists it).
  inbox: ['contract', 'lib', 'i18n'],
  server: ['contract'],
  agency: ['server', 'contract', 'i18n'],
};

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
}

export function layerOf(file: string): Layer | undefined {
  if (file.startsWith('server/')) return 'server';
  if (file.startsWith('agency/')) return 'agency';
  if (file === 'src/main.tsx') return 'main';
  const [top, folder] = file.split('/');
  if (top !== 'src' || folder === undefined) return undefined;
  return (Object.keys(MAY_IMPORT) as Layer[]).includes(folder as Layer) ? (folder as Layer) : undefined;
}

/** A test, or a helper in a testing/ folder: code the app never loads. */
const isTestCode = (file: string) => /\.test\.tsx?$/.test(file) || file.split('/').includes('testing');

/** A feature's own folder ("src/features/report/..." → "report"). */
const featureOf = (file: string) => (file.startsWith('src/features/') ? file.split('/')[2] : undefined);

const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** The project files a file imports, resolved; packages are left out. */
export function importsOf(file: SourceFile, exists: (candidate: string) => boolean): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of file.text.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier?.startsWith('.')) continue;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
    const to = ['', '.ts', '.tsx', '/index.ts'].map((extension) => base + extension).find(exists);
    edges.push({ from: file.path, to: to ?? base, specifier });
  }
  return edges;
}

/** Why an import runs against the house's direction, or undefined when it does not. */
export function wrongImport({ from, to }: ImportEdge): string | undefined {
  const source = layerOf(from);
  if (source === undefined) return undefined;
  const target = layerOf(to);
  if (source === 'server') {
    if (to.startsWith('server/') || target === 'contract') return undefined;
    return 'server/ imports only server/ and src/contract/';
  }
  if (source === 'agency') {
    if (to.startsWith('agency/') || (target !== undefined && MAY_IMPORT.agency.includes(target))) return undefined;
    return 'agency/ imports only agency/, server/, src/contract/ and src/i18n/';
  }
  // Sync tests run the engine against the receiver's own intake: the receiver is their peer, never the app's.
  if (target === 'server') return isTestCode(from) ? undefined : 'src/ imports nothing of server/ (only tests meet the receiver)';
  if (target === undefined) return to.startsWith('src/') ? undefined : `src/ imports nothing outside src/ (${to})`;
  if (source === 'features' && target === 'features') {
    return featureOf(from) === featureOf(to) ? undefined : 'a feature never imports another feature: move what both need down';
  }
  if (source === target || MAY_IMPORT[source].includes(target)) return undefined;
  return `${source}/ may not import ${target}/ (the direction is app → features → sync → vault → storage → contract; lib/ and i18n/ below all)`;
}

/** Every import circle among the files, each as the files in it (Tarjan's strongly connected components). */
export function circles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) as number, index.get(target) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return found;
}

function sourceFiles(root: string, folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(root, relative))) {
      const child = `${relative}/${name}`;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push({ path: child, text: readFileSync(path.join(root, child), 'utf8') });
    }
  };
  walk(folder);
  return files;
}

/** The problems of the house at root: wrong imports and circles, one line each. */
export function checkHouse(root: string): string[] {
  const files = [...sourceFiles(root, 'src'), ...sourceFiles(root, 'server'), ...sourceFiles(root, 'agency')];
  const edges = files.flatMap((file) => importsOf(file, (candidate) => existsSync(path.join(root, candidate))));
  const wrong = edges.flatMap((edge) => {
    const why = wrongImport(edge);
    return why ? [`${edge.from} imports '${edge.specifier}': ${why}`] : [];
  });
  const loops = circles(edges).map((members) => `import circle: ${members.join(' ⇄ ')}`);
  return [...wrong, ...loops];
}
