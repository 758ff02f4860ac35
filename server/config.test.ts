import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config';
import { DEFAULT_ALLOWED_ORIGINS } from './cors';

describe('configFromEnv', () => {
  it('has safe defaults: this machine only, port 8787, no hooks', () => {
    expect(configFromEnv({}, '/srv/shouhu')).toEqual({
      port: 8787,
      host: '127.0.0.1',
      database: path.resolve('/srv/shouhu/.receiver-data/reports.sqlite'),
      token: undefined,
      allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
      testHooks: false,
    });
  });

  it('reads every RECEIVER_* variable', () => {
    const config = configFromEnv(
      {
        RECEIVER_PORT: '9000',
        RECEIVER_HOST: '0.0.0.0',
        RECEIVER_DB: 'data/r.sqlite',
        RECEIVER_TOKEN: 's3cret',
        RECEIVER_ORIGINS: 'https://a.example, https://b.example:8443 ,',
        RECEIVER_TEST_HOOKS: '1',
        RECEIVER_BATCHES: '0',
        RECEIVER_REQUEST_TIMEOUT_MS: '120000',
        RECEIVER_MAX_CONNECTIONS: '1000',
      },
      '/srv/shouhu',
    );
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      database: path.resolve('/srv/shouhu/data/r.sqlite'),
      token: 's3cret',
      allowedOrigins: ['https://a.example', 'https://b.example:8443'],
      testHooks: true,
      batches: false,
      requestTimeoutMs: 120_000,
      maxConnections: 1000,
    });
  });

  it('takes a postgres:// URL as it is, with a pool size, and refuses a pool size for a SQLite file', () => {
    const url = 'postgresql://shouhu:s3cret@db.internal:5432/reports?sslmode=require';
    expect(configFromEnv({ RECEIVER_DB: ` ${url} `, RECEIVER_DB_POOL_SIZE: '20' }, '/srv/shouhu')).toMatchObject({
      database: url,
      databasePoolSize: 20,
    });
    expect(configFromEnv({ RECEIVER_DB: 'postgres://db/reports' }, '/').databasePoolSize).toBeUndefined();
    expect(() => configFromEnv({ RECEIVER_DB: 'postgres://db/reports', RECEIVER_DB_POOL_SIZE: 'ten' }, '/')).toThrow(/RECEIVER_DB_POOL_SIZE/);
    expect(() => configFromEnv({ RECEIVER_DB_POOL_SIZE: '20' }, '/')).toThrow(/RECEIVER_DB_POOL_SIZE applies to PostgreSQL only/);
  });

  it('turns the hooks on only for "1", batches off only for "0", and refuses numbers that are not ones', () => {
    expect(configFromEnv({ RECEIVER_TEST_HOOKS: 'true' }, '/').testHooks).toBe(false);
    expect(configFromEnv({ RECEIVER_BATCHES: '1' }, '/').batches).toBeUndefined();
    expect(() => configFromEnv({ RECEIVER_PORT: 'eighty' }, '/')).toThrow(/RECEIVER_PORT/);
    expect(() => configFromEnv({ RECEIVER_PORT: '70000' }, '/')).toThrow(/RECEIVER_PORT/);
    expect(() => configFromEnv({ RECEIVER_REQUEST_TIMEOUT_MS: '60s' }, '/')).toThrow(/RECEIVER_REQUEST_TIMEOUT_MS/);
    expect(() => configFromEnv({ RECEIVER_MAX_CONNECTIONS: '0' }, '/')).toThrow(/RECEIVER_MAX_CONNECTIONS/);
  });
});
