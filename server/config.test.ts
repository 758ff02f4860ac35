import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_AGENCY_KEYS, TEST_AGENCY_PUBLIC_KEY } from '../src/contract/testing/agencyTestKey';
import { TEST_AGENCY_NAME, TEST_SIGNING_PRIVATE_PKCS8 } from '../src/contract/testing/agencySigningTestKey';
import { configFromEnv as configFromVariables } from './config';
import { DEFAULT_ALLOWED_ORIGINS } from './cors';

/** A deployment's config.json, which RECEIVER_AGENCY_KEYS names. */
const folder = mkdtempSync(path.join(tmpdir(), 'receiver-config-'));
const deploymentConfig = path.join(folder, 'config.json');
writeFileSync(
  deploymentConfig,
  JSON.stringify({ endpoint: 'https://reports.example/api/reports', agencyName: { 'zh-CN': TEST_AGENCY_NAME, en: 'Test County PSB' }, agencyKeys: TEST_AGENCY_KEYS }),
);
/** The signing key's PEM file, which RECEIVER_SIGNING_KEY names. */
const signingKeyFile = path.join(folder, 'agency-signing-key.pem');
writeFileSync(signingKeyFile, TEST_SIGNING_PRIVATE_PKCS8);

/** The receiver's settings from these variables and the agency keys every receiver needs. */
const configFromEnv = (env: NodeJS.ProcessEnv, cwd: string) => configFromVariables({ RECEIVER_AGENCY_KEYS: deploymentConfig, RECEIVER_SIGNING_KEY: signingKeyFile, ...env }, cwd);

describe('configFromEnv', () => {
  it('has safe defaults: this machine only, port 8787, no hooks', () => {
    expect(configFromEnv({}, '/srv/shouhu')).toEqual({
      port: 8787,
      host: '127.0.0.1',
      database: path.resolve('/srv/shouhu/.receiver-data/reports.sqlite'),
      agencyKeyIds: [TEST_AGENCY_PUBLIC_KEY.kid],
      signingKey: TEST_SIGNING_PRIVATE_PKCS8,
      agencyName: TEST_AGENCY_NAME,
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
      agencyKeyIds: [TEST_AGENCY_PUBLIC_KEY.kid],
      signingKey: TEST_SIGNING_PRIVATE_PKCS8,
      agencyName: TEST_AGENCY_NAME,
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

  it('needs the agency keys, from a JSON file that lists them as config.json does, and refuses a file without a valid list', () => {
    expect(() => configFromVariables({}, '/')).toThrow(/RECEIVER_AGENCY_KEYS must name/);
    expect(() => configFromEnv({ RECEIVER_AGENCY_KEYS: path.join(folder, 'missing.json') }, '/')).toThrow(/cannot be read/);
    const withoutKeys = path.join(folder, 'no-keys.json');
    writeFileSync(withoutKeys, JSON.stringify({ endpoint: 'https://reports.example/api/reports' }));
    expect(() => configFromEnv({ RECEIVER_AGENCY_KEYS: withoutKeys }, '/')).toThrow(/no valid "agencyKeys"/);
    const privateKeyInstead = path.join(folder, 'private.json');
    writeFileSync(privateKeyInstead, JSON.stringify({ agencyKeys: [{ ...TEST_AGENCY_PUBLIC_KEY, d: 'secret' }] }));
    expect(() => configFromEnv({ RECEIVER_AGENCY_KEYS: privateKeyInstead }, '/')).toThrow(/no valid "agencyKeys"/);
    // Relative to the working directory, like RECEIVER_DB.
    expect(configFromEnv({ RECEIVER_AGENCY_KEYS: 'config.json' }, folder).agencyKeyIds).toEqual([TEST_AGENCY_PUBLIC_KEY.kid]);
  });

  it('needs the signing key file and the agency name, which RECEIVER_AGENCY_NAME overrides', () => {
    expect(() => configFromEnv({ RECEIVER_SIGNING_KEY: '' }, '/')).toThrow(/RECEIVER_SIGNING_KEY must name/);
    expect(() => configFromEnv({ RECEIVER_SIGNING_KEY: path.join(folder, 'missing.pem') }, '/')).toThrow(/RECEIVER_SIGNING_KEY: .* cannot be read/);
    expect(configFromEnv({ RECEIVER_AGENCY_NAME: ' 某某县公安局 ' }, '/').agencyName).toBe('某某县公安局');
    const english = path.join(folder, 'english.json');
    writeFileSync(english, JSON.stringify({ agencyName: { en: 'Test County PSB' }, agencyKeys: TEST_AGENCY_KEYS }));
    expect(configFromEnv({ RECEIVER_AGENCY_KEYS: english }, '/').agencyName).toBe('Test County PSB');
    const nameless = path.join(folder, 'nameless.json');
    writeFileSync(nameless, JSON.stringify({ agencyName: '  ', agencyKeys: TEST_AGENCY_KEYS }));
    expect(() => configFromEnv({ RECEIVER_AGENCY_KEYS: nameless }, '/')).toThrow(/RECEIVER_AGENCY_NAME/);
  });
});

describe('the officer credential and the inbox folder', () => {
  const credential = 'Zm9yIHRoZSB0ZXN0cyBvbmx5LCBuZXZlciBkZXBsb3llZA';

  it('leaves the inbox closed without a credential, and takes RECEIVER_OFFICER_TOKEN or the file RECEIVER_OFFICER_TOKEN_FILE names', () => {
    expect(configFromEnv({}, '/')).not.toHaveProperty('officerToken');
    expect(configFromEnv({ RECEIVER_OFFICER_TOKEN: ` ${credential} ` }, '/').officerToken).toBe(credential);
    const file = path.join(folder, 'officer-token');
    writeFileSync(file, `${credential}\n`);
    expect(configFromEnv({ RECEIVER_OFFICER_TOKEN_FILE: 'officer-token' }, folder).officerToken).toBe(credential);
  });

  it('refuses a short credential, one with spaces, the tablets\' token, both variables, or a file it cannot read', () => {
    expect(() => configFromEnv({ RECEIVER_OFFICER_TOKEN: 'officer' }, '/')).toThrow(/at least 32 characters/);
    expect(() => configFromEnv({ RECEIVER_OFFICER_TOKEN: `${credential} ${credential}` }, '/')).toThrow(/without spaces/);
    expect(() => configFromEnv({ RECEIVER_OFFICER_TOKEN: credential, RECEIVER_TOKEN: credential }, '/')).toThrow(/must not be RECEIVER_TOKEN/);
    expect(() => configFromEnv({ RECEIVER_OFFICER_TOKEN: credential, RECEIVER_OFFICER_TOKEN_FILE: 'x' }, '/')).toThrow(/not both/);
    expect(() => configFromEnv({ RECEIVER_OFFICER_TOKEN_FILE: path.join(folder, 'missing') }, '/')).toThrow(/cannot be read/);
    const empty = path.join(folder, 'empty-token');
    writeFileSync(empty, '\n');
    expect(() => configFromEnv({ RECEIVER_OFFICER_TOKEN_FILE: empty }, '/')).toThrow(/is empty/);
  });

  it('serves the inbox from RECEIVER_INBOX_DIR, relative to the working directory, else from the default build', () => {
    expect(configFromEnv({ RECEIVER_INBOX_DIR: 'build/web' }, '/srv/shouhu').inboxDir).toBe(path.resolve('/srv/shouhu/build/web'));
    expect(configFromEnv({}, '/srv/shouhu')).not.toHaveProperty('inboxDir');
  });
});
