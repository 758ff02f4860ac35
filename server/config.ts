// The receiver's settings from the environment (docs/sync-protocol.md, "Running the reference receiver").
import path from 'node:path';
import { DEFAULT_ALLOWED_ORIGINS } from './cors';
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

function originsFrom(value: string | undefined): readonly string[] {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  return origins.length > 0 ? origins : DEFAULT_ALLOWED_ORIGINS;
}

export function configFromEnv(env: NodeJS.ProcessEnv, cwd: string): ReceiverOptions {
  return {
    port: portFrom(env.RECEIVER_PORT),
    host: env.RECEIVER_HOST?.trim() || DEFAULT_HOST,
    dbPath: path.resolve(cwd, env.RECEIVER_DB?.trim() || DEFAULT_DB_PATH),
    token: env.RECEIVER_TOKEN || undefined,
    allowedOrigins: originsFrom(env.RECEIVER_ORIGINS),
    testHooks: env.RECEIVER_TEST_HOOKS === '1',
    // On unless turned off, so that a receiver that plays an older one is asked for.
    ...(env.RECEIVER_BATCHES?.trim() === '0' && { batches: false as const }),
  };
}
