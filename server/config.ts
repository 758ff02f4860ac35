// The receiver's settings from the environment (docs/sync-protocol.md, "Running the reference receiver").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { agencyKeysIn } from '../src/contract/sealedReport';
import { DEFAULT_ALLOWED_ORIGINS } from './cors';
import { isPostgresUrl } from './openStore';
import { DEFAULT_HOST, DEFAULT_PORT, type ReceiverOptions } from './receiver';

export const DEFAULT_DB_PATH = '.receiver-data/reports.sqlite';

function portFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`RECEIVER_PORT must be a port number (0-65535), not "${value}"`);
  }
  return port;
}

/** A whole number above zero, or undefined (the default) when the variable is unset. */
function positiveIntegerFrom(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`${name} must be a whole number above 0, not "${value}"`);
  return number;
}

function originsFrom(value: string | undefined): readonly string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  return origins.length > 0 ? origins : DEFAULT_ALLOWED_ORIGINS;
}

/** A postgres:// URL as it is, or a SQLite file relative to the working directory. */
function databaseFrom(value: string | undefined, cwd: string): string {
  const database = value?.trim() || DEFAULT_DB_PATH;
  return isPostgresUrl(database) ? database : path.resolve(cwd, database);
}

/**
 * The JSON file RECEIVER_AGENCY_KEYS names: a deployment's config.json, or
 * the public key file keygen writes; both list the keys under `agencyKeys`.
 */
function agencyFileFrom(value: string | undefined, cwd: string): { file: string; json: unknown } {
  const file = value?.trim();
  if (!file) {
    throw new Error(
      'RECEIVER_AGENCY_KEYS must name a JSON file listing the agency\'s public keys under "agencyKeys" (the deployment\'s config.json, or the file "npm run agency -- keygen" writes)',
    );
  }
  try {
    return { file, json: JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8')) as unknown };
  } catch (error) {
    throw new Error(`RECEIVER_AGENCY_KEYS: ${file} cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function agencyKeyIdsIn({ file, json }: { file: string; json: unknown }): string[] {
  const keys = agencyKeysIn(json);
  if (!keys) throw new Error(`RECEIVER_AGENCY_KEYS: ${file} has no valid "agencyKeys" list (P-256 public JWKs, each with its own kid)`);
  return keys.map((key) => key.kid);
}

/** The PKCS#8 PEM text of the file RECEIVER_SIGNING_KEY names (keygen writes it). */
function signingKeyFrom(value: string | undefined, cwd: string): string {
  const file = value?.trim();
  if (!file) {
    throw new Error(
      'RECEIVER_SIGNING_KEY must name the agency\'s signing key file (PKCS#8 PEM, written by "npm run agency -- keygen"): tablets take only signed acknowledgements',
    );
  }
  try {
    return readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new Error(`RECEIVER_SIGNING_KEY: ${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** RECEIVER_AGENCY_NAME, else the `agencyName` of the agency file (a string, or the Chinese one of a pair, else the English). */
function agencyNameFrom(value: string | undefined, { file, json }: { file: string; json: unknown }): string {
  if (value?.trim()) return value.trim();
  const given = typeof json === 'object' && json !== null ? (json as { agencyName?: unknown }).agencyName : undefined;
  const byLanguage = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  const name = [given, byLanguage['zh-CN'], byLanguage.en].find((candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '');
  if (!name) throw new Error(`The agency has no name: set RECEIVER_AGENCY_NAME, or "agencyName" in ${file}. Its signed receipts say who received a report.`);
  return name.trim();
}

/** The shortest officer credential taken: it guards every report's status, and `openssl rand -base64 32` gives 44 characters. */
export const MIN_OFFICER_TOKEN_CHARS = 32;

/**
 * RECEIVER_OFFICER_TOKEN, or the first line of the file RECEIVER_OFFICER_TOKEN_FILE
 * names (kept out of the environment, as a service manager's credential
 * file is); undefined when neither is set: the inbox routes then answer 503.
 */
function officerTokenFrom(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const given = env.RECEIVER_OFFICER_TOKEN?.trim();
  const file = env.RECEIVER_OFFICER_TOKEN_FILE?.trim();
  if (given && file) throw new Error('Set RECEIVER_OFFICER_TOKEN or RECEIVER_OFFICER_TOKEN_FILE, not both');
  let token = given;
  if (file) {
    try {
      token = readFileSync(path.resolve(cwd, file), 'utf8').split(/\r?\n/)[0]?.trim();
    } catch (error) {
      throw new Error(`RECEIVER_OFFICER_TOKEN_FILE: ${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!token) {
    if (file) throw new Error(`RECEIVER_OFFICER_TOKEN_FILE: ${file} is empty`);
    return undefined;
  }
  if (token.length < MIN_OFFICER_TOKEN_CHARS || /\s/.test(token)) {
    throw new Error(`The officer credential must be at least ${MIN_OFFICER_TOKEN_CHARS} characters without spaces (e.g. openssl rand -base64 32)`);
  }
  if (token === env.RECEIVER_TOKEN) throw new Error('The officer credential must not be RECEIVER_TOKEN: a tablet would open the inbox');
  return token;
}

export function configFromEnv(env: NodeJS.ProcessEnv, cwd: string): ReceiverOptions {
  const database = databaseFrom(env.RECEIVER_DB, cwd);
  const databasePoolSize = positiveIntegerFrom('RECEIVER_DB_POOL_SIZE', env.RECEIVER_DB_POOL_SIZE);
  if (databasePoolSize !== undefined && !isPostgresUrl(database)) {
    throw new Error('RECEIVER_DB_POOL_SIZE applies to PostgreSQL only; RECEIVER_DB names a SQLite file');
  }
  const requestTimeoutMs = positiveIntegerFrom('RECEIVER_REQUEST_TIMEOUT_MS', env.RECEIVER_REQUEST_TIMEOUT_MS);
  const maxConnections = positiveIntegerFrom('RECEIVER_MAX_CONNECTIONS', env.RECEIVER_MAX_CONNECTIONS);
  const agencyFile = agencyFileFrom(env.RECEIVER_AGENCY_KEYS, cwd);
  const officerToken = officerTokenFrom(env, cwd);
  const inboxDir = env.RECEIVER_INBOX_DIR?.trim();
  return {
    port: portFrom(env.RECEIVER_PORT),
    host: env.RECEIVER_HOST?.trim() || DEFAULT_HOST,
    database,
    agencyKeyIds: agencyKeyIdsIn(agencyFile),
    signingKey: signingKeyFrom(env.RECEIVER_SIGNING_KEY, cwd),
    agencyName: agencyNameFrom(env.RECEIVER_AGENCY_NAME, agencyFile),
    token: env.RECEIVER_TOKEN || undefined,
    allowedOrigins: originsFrom(env.RECEIVER_ORIGINS),
    testHooks: env.RECEIVER_TEST_HOOKS === '1',
    // On unless turned off, so that a receiver that plays an older one is asked for.
    ...(env.RECEIVER_BATCHES?.trim() === '0' && { batches: false as const }),
    ...(databasePoolSize !== undefined && { databasePoolSize }),
    ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
    ...(maxConnections !== undefined && { maxConnections }),
    ...(officerToken !== undefined && { officerToken }),
    ...(inboxDir && { inboxDir: path.resolve(cwd, inboxDir) }),
  };
}
