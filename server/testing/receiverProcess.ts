// A reference receiver in a process of its own (`tsx server/main.ts`), as an
// operator runs it: for the two-process race test and the receiver benchmark.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8 } from '../../src/contract/testing/agencySigningTestKey';
import { TEST_AGENCY_KEYS } from '../../src/contract/testing/agencyTestKey';

export interface ReceiverProcess {
  pid: number;
  url: string;
  endpoint: string;
  /** SIGTERM, as an operator or a service manager stops it; resolves when it has exited. */
  stop(): Promise<void>;
}

const MAIN = path.resolve(import.meta.dirname, '..', 'main.ts');
const STARTUP_TIMEOUT_MS = 30_000;

let agencyFiles: { config: string; signingKey: string } | undefined;

/**
 * A file listing the test agency's keys and name as a deployment's
 * config.json does (RECEIVER_AGENCY_KEYS), and its signing key's PEM file (RECEIVER_SIGNING_KEY).
 */
function testAgencyFiles(): { config: string; signingKey: string } {
  if (!agencyFiles) {
    const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-agency-keys-'));
    agencyFiles = { config: path.join(folder, 'config.json'), signingKey: path.join(folder, 'agency-signing-key.pem') };
    writeFileSync(agencyFiles.config, JSON.stringify({ agencyName: TEST_AGENCY_NAME, agencyKeys: TEST_AGENCY_KEYS, agencySigningKeys: TEST_SIGNING_KEYS }));
    writeFileSync(agencyFiles.signingKey, TEST_SIGNING_PRIVATE_PKCS8, { mode: 0o600 });
  }
  return agencyFiles;
}

/**
 * Starts `server/main.ts` on 127.0.0.1 and a free port with these RECEIVER_*
 * settings (knowing the test agency key unless RECEIVER_AGENCY_KEYS says
 * otherwise); resolves once it listens.
 */
export function startReceiverProcess(env: Record<string, string>): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      RECEIVER_HOST: '127.0.0.1',
      RECEIVER_PORT: '0',
      RECEIVER_AGENCY_KEYS: testAgencyFiles().config,
      RECEIVER_SIGNING_KEY: testAgencyFiles().signingKey,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errors: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => errors.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The receiver did not start within ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The receiver exited: ${errors.join('').trim()}`));
    });
    // Every line is read, so that a receiver logging each request never blocks on a full pipe.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const endpoint = /^Shouhu receiver: (\S+)$/.exec(line)?.[1];
      if (!endpoint) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid as number,
        endpoint,
        url: endpoint.replace(/\/api\/reports$/, ''),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
