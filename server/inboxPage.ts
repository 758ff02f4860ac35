// The agency inbox's page, served by the receiver from the built app
// (RECEIVER_INBOX_DIR, default <repo>/dist): inbox.html at /inbox, the files
// under /assets/ it loads, and the icon. Read-only: the files named so, and
// only regular files inside the folder (no listing, no "..", no link out of
// it), each with its content type. The page may talk to this origin only.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { problem, type Answer } from './answer';
import type { Route } from './route';

/**
 * The app's Content-Security-Policy (vite.config.ts), except that the inbox
 * connects to its own origin only and no page may frame it (an officer's
 * clicks are not to be borrowed).
 */
export const INBOX_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': INBOX_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** A file or folder name as the build writes them: no leading dot (so never "." or ".."), no "%", "\" or ":". */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const MAX_DEPTH = 4;

/** A regular file inside `root` (after following links), or undefined. */
async function fileInside(root: string, names: readonly string[]): Promise<Buffer | undefined> {
  if (names.length === 0 || names.length > MAX_DEPTH || !names.every((name) => SAFE_NAME.test(name))) return undefined;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(path.join(root, ...names))]);
    if (!realFile.startsWith(realRoot + path.sep) || !(await stat(realFile)).isFile()) return undefined;
    return await readFile(realFile);
  } catch {
    // Missing, not a folder on the way, unreadable: as if it were not there.
    return undefined;
  }
}

const notFound = () => problem(404, 'not_found', 'No such file.');

async function serve(root: string, names: readonly string[], cacheControl: string): Promise<Answer> {
  const contentType = CONTENT_TYPES[path.extname(names.at(-1) ?? '').toLowerCase()];
  const file = contentType ? await fileInside(root, names) : undefined;
  if (!file || !contentType) return notFound();
  return { status: 200, file, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': cacheControl } };
}

export function inboxPageRoutes(inboxDir: string): Route[] {
  async function page(): Promise<Answer> {
    const answer = await serve(inboxDir, ['inbox.html'], 'no-store');
    if (answer !== 'drop' && answer.status === 200) return answer;
    return problem(404, 'inbox_not_built', 'The inbox page is not built: run "npm run build", or set RECEIVER_INBOX_DIR to the built app.');
  }
  return [
    { template: '/inbox', access: 'page', methods: { GET: page } },
    { template: '/inbox/', access: 'page', methods: { GET: page } },
    {
      template: '/assets/*',
      access: 'page',
      // The build names every file here by its content: a new build is new names.
      methods: { GET: async ({ param = '' }) => serve(path.join(inboxDir, 'assets'), param.split('/'), 'public, max-age=31536000, immutable') },
    },
    { template: '/icon.svg', access: 'page', methods: { GET: async () => serve(inboxDir, ['icon.svg'], 'no-cache') } },
  ];
}
