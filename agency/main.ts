// The agency's tool: `npm run agency -- keygen` makes the agency's key pair,
// `npm run agency -- export` opens what the receiver stored, `npm run agency
// -- verify` checks a receipt's signed code. Run by the agency on its own
// machine: the private key never goes to a receiver.
//
//   npm run agency -- keygen [--out agency-keys]
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
import { generateAgencyKeyPair } from './keygen';
import type { AgencyPrivateKey, OpenProblem } from './openSealedReport';
import { readPassphrase } from './passphrase';
import { UsageError } from './usageError';
import { verifyReceipt } from './verifyReceipt';
import { MIN_KEY_PASSPHRASE_LENGTH, NotAKeyFileError, readPrivateKeyFile, WrongKeyPassphraseError } from './privateKeyFile';

export const PRIVATE_KEY_FILE = 'agency-private-key.jwe';
export const PUBLIC_KEYS_FILE = 'agency-public-keys.json';


const PROBLEM_WORDS: Record<OpenProblem, string> = {
  other_key: 'sealed to another agency key',
  cannot_open: 'does not open: the sealed report was altered, or is not this key\'s',
  header_mismatch: 'the receiver\'s copy names another id, reference, hash or time than the sealed report',
  hash_mismatch: 'the report inside is not the one its content hash names',
};

async function keygen(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string', default: 'agency-keys' } } });
  const folder = path.resolve(values.out);
  const privateFile = path.join(folder, PRIVATE_KEY_FILE);
  if (existsSync(privateFile)) throw new UsageError(`${privateFile} exists already: choose another --out, and keep that key (reports sealed to it open only with it).`);
  const passphrase = await readPassphrase('Passphrase for the private key (at least 12 characters): ');
  if (passphrase.length < MIN_KEY_PASSPHRASE_LENGTH) throw new UsageError(`The passphrase must have at least ${MIN_KEY_PASSPHRASE_LENGTH} characters.`);
  if (!process.env.AGENCY_PASSPHRASE && (await readPassphrase('The same passphrase again: ')) !== passphrase) {
    throw new UsageError('The two passphrases differ: nothing was written.');
  }
  const pair = await generateAgencyKeyPair(passphrase);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(privateFile, `${pair.privateKeyFile}\n`, { mode: 0o600, flag: 'wx' });
  const publicKeys = `${JSON.stringify({ agencyKeys: [pair.publicKey] }, null, 2)}\n`;
  writeFileSync(path.join(folder, PUBLIC_KEYS_FILE), publicKeys, { flag: 'wx' });
  console.log(`Agency key ${pair.publicKey.kid}`);
  console.log(`  private key: ${privateFile} (encrypted with the passphrase; keep it and the passphrase apart, and never on a receiver)`);
  console.log(`  public key:  ${path.join(folder, PUBLIC_KEYS_FILE)}`);
  console.log('Add the public key to the deployment\'s config.json, after any older key (the last one seals new reports):');
  console.log(`  "agencyKeys": [${JSON.stringify(pair.publicKey)}]`);
  console.log(`and start the receiver with RECEIVER_AGENCY_KEYS naming that config.json (or ${PUBLIC_KEYS_FILE}).`);
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
    'Usage: npm run agency -- keygen [--out folder] | export --key file [--key file] [--db file-or-url] [--out folder] | verify <code | picture.png | receipt.pdf | -> [--keys config.json]',
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
