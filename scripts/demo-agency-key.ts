// For `npm start` with no configuration: demonstration agency keys, made on
// the first run and kept in .agency-demo/, written into the built app's
// config.json (which the receiver reads too), so that a newcomer sees a
// report travel sealed end to end, acknowledged with a signature the tablet
// checks, and can open it with `npm run agency -- export`. Each part
// public/config.json names itself is kept: its agencyKeys (no demonstration
// sealing key), its agencySigningKeys (no demonstration signing key: start
// the receiver with RECEIVER_SIGNING_KEY naming the matching private key),
// its agencyName.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAgencyKeyPair, generateAgencySigningKeyPair } from '../agency/keygen';
import { agencySignerFromPkcs8 } from '../server/agencySigner';
import { agencySigningKeysIn, type AgencySigningKey } from '../src/contract/agencySignature';
import { agencyKeysIn, type AgencyPublicKey } from '../src/contract/sealedReport';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDER = path.join(ROOT, '.agency-demo');
const PRIVATE_KEY = path.join(FOLDER, 'agency-private-key.jwe');
const PUBLIC_KEYS = path.join(FOLDER, 'agency-public-keys.json');
/** The file `npm start` passes to the receiver as RECEIVER_SIGNING_KEY (package.json). */
const SIGNING_KEY = path.join(FOLDER, 'agency-signing-key.pem');
/** Printed and in README: it protects a demonstration key, never a real one. */
const DEMO_PASSPHRASE = 'shouhu demonstration only';
/** What receipts name when the deployment names no agency: plainly not a real one. */
const DEMO_AGENCY_NAME = { 'zh-CN': '演示机构（并非真实接收单位）', en: 'Demonstration agency (not a real recipient)' };

async function demoSealingKeys(): Promise<AgencyPublicKey[]> {
  if (!existsSync(PRIVATE_KEY)) {
    const pair = await generateAgencyKeyPair(DEMO_PASSPHRASE);
    mkdirSync(FOLDER, { recursive: true, mode: 0o700 });
    writeFileSync(PRIVATE_KEY, `${pair.privateKeyFile}\n`, { mode: 0o600 });
    writeFileSync(PUBLIC_KEYS, `${JSON.stringify({ agencyKeys: [pair.publicKey] }, null, 2)}\n`);
    console.log(`Made a demonstration agency key in ${path.relative(ROOT, FOLDER)}/ (first run).`);
  }
  const keys = agencyKeysIn(JSON.parse(readFileSync(PUBLIC_KEYS, 'utf8')) as unknown);
  if (!keys) throw new Error(`${PUBLIC_KEYS} lists no valid agency key: delete ${FOLDER} to make a new one.`);
  console.log(`Reports are sealed to the demonstration agency key ${keys.at(-1)?.kid}. To open what the receiver stored:`);
  console.log(`  AGENCY_PASSPHRASE='${DEMO_PASSPHRASE}' npm run agency -- export --key .agency-demo/agency-private-key.jwe`);
  return keys;
}

/** The demonstration signing key's public half, read from the very file the receiver signs with. */
async function demoSigningKeys(): Promise<AgencySigningKey[]> {
  if (!existsSync(SIGNING_KEY)) {
    const pair = await generateAgencySigningKeyPair();
    mkdirSync(FOLDER, { recursive: true, mode: 0o700 });
    writeFileSync(SIGNING_KEY, pair.privateKeyPem, { mode: 0o600 });
    console.log(`Made a demonstration signing key in ${path.relative(ROOT, FOLDER)}/ (first run).`);
  }
  const { publicKey } = await agencySignerFromPkcs8(readFileSync(SIGNING_KEY, 'utf8'));
  console.log(`The receiver signs acknowledgements with the demonstration signing key ${publicKey.kid}.`);
  return [publicKey];
}

async function main(): Promise<void> {
  const deployment = JSON.parse(readFileSync(path.join(ROOT, 'public/config.json'), 'utf8')) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...deployment };
  if (agencyKeysIn(deployment)) console.log('config.json names the agency keys: no demonstration sealing key.');
  else config.agencyKeys = await demoSealingKeys();
  if (agencySigningKeysIn(deployment)) {
    console.log('config.json names the signing keys: no demonstration signing key (RECEIVER_SIGNING_KEY must name the matching private key).');
  } else {
    config.agencySigningKeys = await demoSigningKeys();
  }
  if (deployment.agencyName === undefined) config.agencyName = DEMO_AGENCY_NAME;
  writeFileSync(path.join(ROOT, 'dist/config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
