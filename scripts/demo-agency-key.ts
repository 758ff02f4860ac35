// For `npm start` with no configuration: a demonstration agency key, made on
// the first run and kept in .agency-demo/, written into the built app's
// config.json (which the receiver reads too), so that a newcomer sees a
// report travel sealed end to end and can open it with `npm run agency --
// export`. A deployment whose public/config.json names its own agencyKeys
// keeps them: no demonstration key is used then. It also makes the
// demonstration officer credential that opens the agency inbox, printed on
// every start.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAgencyKeyPair } from '../agency/keygen';
import { agencyKeysIn } from '../src/contract/sealedReport';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDER = path.join(ROOT, '.agency-demo');
const PRIVATE_KEY = path.join(FOLDER, 'agency-private-key.jwe');
const PUBLIC_KEYS = path.join(FOLDER, 'agency-public-keys.json');
/** Printed and in README: it protects a demonstration key, never a real one. */
const DEMO_PASSPHRASE = 'shouhu demonstration only';
/** The officer credential of `npm start`, which package.json's start script hands the receiver (RECEIVER_OFFICER_TOKEN_FILE). */
const OFFICER_TOKEN = path.join(FOLDER, 'officer-token');

/** A random credential of this checkout's own, made on the first run: never one printed in the docs for all to read. */
function demonstrationOfficerCredential(): void {
  if (!existsSync(OFFICER_TOKEN)) {
    mkdirSync(FOLDER, { recursive: true, mode: 0o700 });
    writeFileSync(OFFICER_TOKEN, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  }
  const token = readFileSync(OFFICER_TOKEN, 'utf8').trim();
  console.log('The agency inbox: http://127.0.0.1:8787/inbox');
  console.log(`  demonstration officer credential (${path.relative(ROOT, OFFICER_TOKEN)}): ${token}`);
}

async function main(): Promise<void> {
  demonstrationOfficerCredential();
  const deployment = JSON.parse(readFileSync(path.join(ROOT, 'public/config.json'), 'utf8')) as Record<string, unknown>;
  if (agencyKeysIn(deployment)) {
    console.log('config.json names the agency keys: no demonstration key.');
    writeFileSync(path.join(ROOT, 'dist/config.json'), `${JSON.stringify(deployment, null, 2)}\n`);
    return;
  }
  if (!existsSync(PRIVATE_KEY)) {
    const pair = await generateAgencyKeyPair(DEMO_PASSPHRASE);
    mkdirSync(FOLDER, { recursive: true, mode: 0o700 });
    writeFileSync(PRIVATE_KEY, `${pair.privateKeyFile}\n`, { mode: 0o600 });
    writeFileSync(PUBLIC_KEYS, `${JSON.stringify({ agencyKeys: [pair.publicKey] }, null, 2)}\n`);
    console.log(`Made a demonstration agency key in ${path.relative(ROOT, FOLDER)}/ (first run).`);
  }
  const keys = agencyKeysIn(JSON.parse(readFileSync(PUBLIC_KEYS, 'utf8')) as unknown);
  if (!keys) throw new Error(`${PUBLIC_KEYS} lists no valid agency key: delete ${FOLDER} to make a new one.`);
  writeFileSync(path.join(ROOT, 'dist/config.json'), `${JSON.stringify({ ...deployment, agencyKeys: keys }, null, 2)}\n`);
  console.log(`Reports are sealed to the demonstration agency key ${keys.at(-1)?.kid}. To open what the receiver stored:`);
  console.log(`  AGENCY_PASSPHRASE='${DEMO_PASSPHRASE}' npm run agency -- export --key .agency-demo/agency-private-key.jwe`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
