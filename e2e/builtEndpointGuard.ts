// Global setup: the run fails if anything reaches the endpoint public/config.json
// names (127.0.0.1:8787). Where that port is free, as on CI, a listener sits on
// it for the whole run and counts connections: from a page, a service worker or a
// Node script alike. Where it is taken (a developer's `npm start`), no listener
// can sit there, and each test's own record of its browser's requests
// (deployment.ts) is the check; the run says so in one line.
import { createServer } from 'node:net';
import { BUILT_ENDPOINT } from './deployment';

export default async function guardBuiltEndpoint(): Promise<() => Promise<void>> {
  const { hostname, port } = BUILT_ENDPOINT;
  let connections = 0;
  const listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  const listening = await new Promise<boolean>((resolve) => {
    listener.once('error', () => resolve(false));
    listener.listen(Number(port), hostname, () => resolve(true));
  });
  if (!listening) {
    console.log(`${hostname}:${port} is in use, so no listener guards it in this run; each test still fails if its browser asks it anything.`);
    return async () => undefined;
  }
  return async () => {
    await new Promise((resolve) => listener.close(resolve));
    if (connections > 0) {
      throw new Error(`${connections} connection(s) reached ${hostname}:${port}, the endpoint in public/config.json: a test talked to a receiver it did not start.`);
    }
  };
}
