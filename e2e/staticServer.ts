// A tiny static server for end-to-end tests: serves one build folder, and can be
// switched to another to play "a new version was deployed". Like a deployment:
// files by path, index.html for any other path without an extension (SPA), and
// the deployment's own config.json, which is no part of a build.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  /** From now on, serve this folder. */
  serve(folder: string): void;
  close(): Promise<void>;
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Serves `folder`, and `config` as /config.json whichever folder is served. */
export async function startStaticServer(folder: string, config: object): Promise<StaticServer> {
  let root = path.resolve(folder);
  const server = createServer((request, response) => {
    void (async () => {
      const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (pathname === '/config.json') {
        response.writeHead(200, { 'Content-Type': TYPES['.json'], 'Cache-Control': 'no-cache' });
        response.end(JSON.stringify(config));
        return;
      }
      const file = path.join(root, decodeURIComponent(pathname));
      if (!file.startsWith(root)) {
        response.writeHead(403).end();
        return;
      }
      let served = pathname.endsWith('/') ? path.join(file, 'index.html') : file;
      let body = await readIfFile(served);
      if (!body && !path.extname(pathname)) {
        served = path.join(root, 'index.html');
        body = await readIfFile(served);
      }
      if (!body) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'Content-Type': TYPES[path.extname(served)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      response.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve(next) {
      root = path.resolve(next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
