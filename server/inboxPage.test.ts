// The inbox page as the receiver serves it, from a built folder of the
// test's own: inbox.html and its assets with their types and the strict
// headers, nothing else of the folder, nothing outside it, and a clear 404
// while the inbox is not built.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { INBOX_CONTENT_SECURITY_POLICY } from './inboxPage';
import { sendRaw, startTestReceiver, type ProblemBody } from './testSupport';

const INBOX_HTML = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/inbox/inbox-abc123.js"></script></head></html>';

/** A built app as `vite build` leaves it, with the inbox page, in a folder removed when the test ends. */
function builtApp({ withInbox = true } = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'shouhu-inbox-dist-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'assets', 'inbox'), { recursive: true });
  if (withInbox) writeFileSync(path.join(root, 'inbox.html'), INBOX_HTML);
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>the tablet app</title>');
  writeFileSync(path.join(root, 'config.json'), '{"agencyKeys":[]}');
  writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'assets', 'inbox', 'inbox-abc123.js'), 'console.log("inbox");');
  writeFileSync(path.join(root, 'assets', 'inbox', 'inbox-def456.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'react-0a1b2c.js'), 'export {};');
  writeFileSync(path.join(root, 'assets', 'notes.txt'), 'no type for this');
  writeFileSync(path.join(root, 'assets', '.hidden.js'), 'hidden');
  writeFileSync(path.join(root, 'secret.js'), 'outside assets');
  symlinkSync(path.join(root, 'secret.js'), path.join(root, 'assets', 'linked-out.js'));
  return root;
}

describe('GET /inbox', () => {
  it('serves inbox.html with the app\'s policy, connecting to its own origin only, and nothing kept', async () => {
    const receiver = await startTestReceiver({ inboxDir: builtApp() });

    for (const address of ['/inbox', '/inbox/']) {
      const response = await fetch(`${receiver.url}${address}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INBOX_HTML);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toBe(INBOX_CONTENT_SECURITY_POLICY);
    }
  });

  it('serves the assets with their content types', async () => {
    const receiver = await startTestReceiver({ inboxDir: builtApp() });
    const cases = [
      ['/assets/inbox/inbox-abc123.js', 'text/javascript; charset=utf-8', 'console.log("inbox");'],
      ['/assets/inbox/inbox-def456.css', 'text/css; charset=utf-8', 'body{}'],
      ['/assets/react-0a1b2c.js', 'text/javascript; charset=utf-8', 'export {};'],
      ['/icon.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ];
    for (const [address, type, body] of cases) {
      const response = await fetch(`${receiver.url}${address}`);
      expect(response.status, address).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(body);
    }
  });

  it('serves nothing else: no listing, no file outside assets/, no way out by "..", encoded or not, nor by a link', async () => {
    const receiver = await startTestReceiver({ inboxDir: builtApp() });
    const targets = [
      '/assets/',
      '/assets/inbox',
      '/assets/inbox/',
      '/assets//react-0a1b2c.js',
      '/assets/notes.txt',
      '/assets/.hidden.js',
      '/assets/linked-out.js',
      '/assets/..%2fsecret.js',
      '/assets/..%2Fsecret.js',
      '/assets/%2e%2e/secret.js',
      '/assets/%2e%2e%2fsecret.js',
      '/assets/inbox/..%2f..%2fsecret.js',
      '/assets/..%5csecret.js',
      '/assets/%252e%252e%252fsecret.js',
      '/assets/inbox%2finbox-abc123.js',
      '/assets/../secret.js',
      '/assets/inbox/../../secret.js',
      '/assets\\..\\secret.js',
      '/secret.js',
      '/index.html',
      '/config.json',
      '/inbox.html',
      '/inbox/inbox.html',
      '/inbox/..%2fsecret.js',
    ];
    for (const target of targets) {
      const response = await sendRaw(receiver, `GET ${target} HTTP/1.1\r\nHost: receiver\r\nConnection: close\r\n\r\n`);
      expect(response.status, target).toBe(404);
      expect(response.headers['content-type'], target).toBe('application/json; charset=utf-8');
      expect(response.body).not.toMatch(/outside assets|hidden|the tablet app/);
    }
  });

  it('answers 404 saying the inbox is not built while there is no inbox.html', async () => {
    const receiver = await startTestReceiver({ inboxDir: builtApp({ withInbox: false }) });
    const response = await fetch(`${receiver.url}/inbox`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ProblemBody).error).toBe('inbox_not_built');
  });

  it('answers another origin\'s requests for its files with 403', async () => {
    const receiver = await startTestReceiver({ inboxDir: builtApp(), allowedOrigins: ['*'] });
    const response = await fetch(`${receiver.url}/assets/inbox/inbox-abc123.js`, { headers: { Origin: 'https://elsewhere.example' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
