// The agency's tool: `npm run agency -- keygen` makes the agency's key pairs
// (sealing, and the receiver's signing key), `npm run agency -- export` opens
// what the receiver stored, `npm run agency -- verify` checks a receipt's
// signed code. Run by the agency on its own machine: the private sealing key
// never goes to a receiver.
//
//   npm run agency -- keygen [--out agency-keys] [--signing-only]
//   npm run agency -- export --key agency-keys/agency-private-key.jwe [--key older.jwe]
//                            [--db .receiver-data/reports.sqlite | postgres://…] [--out agency-export]
//   npm run agency -- verify <code | picture.png | receipt.pdf | -> [--keys config.json]
//
// The passphrase comes from AGENCY_PASSPHRASE or is typed at the terminal.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DB_PATH } from '../server/config';
import { databaseForDisplay, isPostgresUrl, openReportStore } from '../server/openStore';
import { exportReports, type NotOpened } from './exportReports';
import { generateAgencyKeyPair, generateAgencySigningKeyPair, type AgencyKeyPair } from './keygen';
import type { AgencyPrivateKey, OpenProblem } from './openSealedReport';
import { readPassphrase } from './passphrase';
import { UsageError } from './usageError';
import { verifyReceipt } from './verifyReceipt';
import { MIN_KEY_PASSPHRASE_LENGTH, NotAKeyFileError, readPrivateKeyFile, WrongKeyPassphraseError } from './privateKeyFile';

export const PRIVATE_KEY_FILE = 'agency-private-key.jwe';
export const PUBLIC_KEYS_FILE = 'agency-public-keys.json';
export const SIGNING_KEY_FILE = 'agency-signing-key.pem';

const PROBLEM_WORDS: Record<OpenProblem, string> = {
  other_key: 'sealed to another agency key',
  cannot_open: 'does not open: the sealed report was altered, or is not this key\'s',
  header_mismatch: 'the receiver\'s copy names another id, reference, hash or time than the sealed report',
  hash_mismatch: 'the report inside is not the one its content hash names',
};

/** Why a file keygen would write must not be replaced. */
const KEPT_BECAUSE: Record<string, string> = {
  [PRIVATE_KEY_FILE]: 'reports sealed to it open only with it',
  [SIGNING_KEY_FILE]: 'the receiver may be signing with it; a retired signing key stays listed in config.json',
  [PUBLIC_KEYS_FILE]: 'it lists the keys made with it',
};

async function keygen(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: 'agency-keys' }, 'signing-only': { type: 'boolean', default: false } },
  });
  const signingOnly = values['signing-only'];
  const folder = path.resolve(values.out);
  const written = (signingOnly ? [SIGNING_KEY_FILE, PUBLIC_KEYS_FILE] : [PRIVATE_KEY_FILE, SIGNING_KEY_FILE, PUBLIC_KEYS_FILE]).map((name) => ({
    name,
    file: path.join(folder, name),
  }));
  for (const { name, file } of written) {
    if (existsSync(file)) throw new UsageError(`${file} exists already: choose another --out, and keep that key (${KEPT_BECAUSE[name]}).`);
  }
  let sealing: AgencyKeyPair | undefined;
  if (!signingOnly) {
    const passphrase = await readPassphrase('Passphrase for the private key (at least 12 characters): ');
    if (passphrase.length < MIN_KEY_PASSPHRASE_LENGTH) throw new UsageError(`The passphrase must have at least ${MIN_KEY_PASSPHRASE_LENGTH} characters.`);
    if (!process.env.AGENCY_PASSPHRASE && (await readPassphrase('The same passphrase again: ')) !== passphrase) {
      throw new UsageError('The two passphrases differ: nothing was written.');
    }
    sealing = await generateAgencyKeyPair(passphrase);
  }
  const signing = await generateAgencySigningKeyPair();
  const privateFile = path.join(folder, PRIVATE_KEY_FILE);
  const signingFile = path.join(folder, SIGNING_KEY_FILE);
  const publicFile = path.join(folder, PUBLIC_KEYS_FILE);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (sealing) writeFileSync(privateFile, `${sealing.privateKeyFile}\n`, { mode: 0o600, flag: 'wx' });
  writeFileSync(signingFile, signing.privateKeyPem, { mode: 0o600, flag: 'wx' });
  const publicKeys = { ...(sealing && { agencyKeys: [sealing.publicKey] }), agencySigningKeys: [signing.publicKey] };
  writeFileSync(publicFile, `${JSON.stringify(publicKeys, null, 2)}\n`, { flag: 'wx' });

  if (sealing) {
    console.log(`Agency key ${sealing.publicKey.kid} (reports are sealed to it)`);
    console.log(`  private key: ${privateFile} (encrypted with the passphrase; keep it and the passphrase apart, and never on a receiver)`);
  }
  console.log(`Agency signing key ${signing.publicKey.kid} (the receiver signs every acknowledgement with it)`);
  console.log(`  signing key: ${signingFile} (for the receiver alone, readable by it only; it signs receipts and cannot open a report)`);
  console.log(`  public keys: ${publicFile}`);
  console.log("Add to the deployment's config.json:");
  if (sealing) console.log(`  "agencyKeys": [${JSON.stringify(sealing.publicKey)}]   after any older key (the last one seals new reports)`);
  console.log(`  "agencySigningKeys": [${JSON.stringify(signing.publicKey)}]`);
  console.log('  beside any older signing key. Do not remove an older one: give it "validUntil" (when the receiver stopped signing with it),');
  console.log('  so that the receipts it signed still check and nothing dated later does (docs/deployment.md, "Rotating the signing key").');
  console.log('Then publish config.json, and start the receiver with');
  console.log(`  RECEIVER_AGENCY_KEYS=<that config.json> RECEIVER_SIGNING_KEY=${signingFile}`);
  console.log('and the agency\'s name as its receipts say it: "agencyName" in config.json, or RECEIVER_AGENCY_NAME.');
  return 0;
}

async function openKeyFile(file: string): Promise<AgencyPrivateKey> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the key file ${file}.`);
  }
  const passphrase = await readPassphrase(`Passphrase for ${file}: `);
  try {
    return await readPrivateKeyFile(text, passphrase);
  } catch (error) {
    if (error instanceof WrongKeyPassphraseError) throw new UsageError(`Wrong passphrase for ${file} (or the key file was changed): nothing was exported.`);
    if (error instanceof NotAKeyFileError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function describeNotOpened(entry: NotOpened): string {
  return `  ${entry.reference} (id ${entry.id}, received ${entry.receivedAt}): ${PROBLEM_WORDS[entry.problem]}${entry.problem === 'other_key' ? ` (key id ${entry.keyId})` : ''}`;
}

async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string', multiple: true },
      db: { type: 'string' },
      out: { type: 'string', default: 'agency-export' },
    },
  });
  if (!values.key || values.key.length === 0) throw new UsageError('Name the private key file: --key agency-keys/agency-private-key.jwe (repeat --key for older keys).');
  const keys: AgencyPrivateKey[] = [];
  for (const file of values.key) keys.push(await openKeyFile(file));
  const database = values.db?.trim() || process.env.RECEIVER_DB?.trim() || DEFAULT_DB_PATH;
  const location = isPostgresUrl(database) ? database : path.resolve(database);
  if (!isPostgresUrl(database) && !existsSync(location)) throw new UsageError(`No receiver database at ${location}: name it with --db.`);
  const store = await openReportStore(location, { poolSize: 2, log: () => {} });
  let result;
  try {
    result = await exportReports(store, keys);
  } finally {
    await store.close();
  }
  const { reports, notOpened } = result;
  const ours = new Set(keys.map((key) => key.kid));
  if (reports.length === 0 && notOpened.length > 0 && notOpened.every((entry) => entry.problem === 'other_key')) {
    const counts = new Map<string, number>();
    for (const entry of notOpened) counts.set(entry.keyId ?? '?', (counts.get(entry.keyId ?? '?') ?? 0) + 1);
    throw new UsageError(
      `Wrong key: no stored report is sealed to ${[...ours].join(', ')}. The ${notOpened.length} stored are sealed to: ${[...counts].map(([kid, count]) => `${kid} (${count})`).join(', ')}. Nothing was exported.`,
    );
  }
  const folder = path.resolve(values.out);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(folder, 'reports.jsonl'), result.jsonLines, { mode: 0o600 });
  writeFileSync(path.join(folder, 'reports.csv'), result.csv, { mode: 0o600 });
  const invalid = reports.filter((entry) => !entry.valid);
  console.log(`Exported ${plural(reports.length, 'report')} from ${databaseForDisplay(location)} to ${folder} (reports.jsonl, reports.csv).`);
  if (invalid.length > 0) {
    console.log(`${invalid.length} of them fail the report schema (kept, marked 未通过 in the CSV, "valid": false in reports.jsonl):`);
    for (const entry of invalid) console.log(`  ${entry.reference} (id ${entry.id}): ${entry.problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`);
  }
  if (notOpened.length > 0) {
    console.log(`${plural(notOpened.length, 'stored report')} not opened, and not in the export:`);
    for (const entry of notOpened) console.log(describeNotOpened(entry));
    return 1;
  }
  return 0;
}

async function verifyCommand(argv: string[]): Promise<number> {
  const { exitCode, lines } = await verifyReceipt(argv, { cwd: process.cwd(), stdin: process.stdin });
  for (const line of lines) console.log(line);
  return exitCode;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'keygen') return keygen(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'verify') return verifyCommand(rest);
  throw new UsageError(
    'Usage: npm run agency -- keygen [--out folder] [--signing-only] | export --key file [--key file] [--db file-or-url] [--out folder] | verify <code | picture.png | receipt.pdf | -> [--keys config.json]',
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
