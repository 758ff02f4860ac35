// Fresh databases for tests that run on both engines: a SQLite file in a
// temporary folder, or a PostgreSQL database of its own in the run's
// throwaway cluster (postgresGlobalSetup.ts); either is gone when the test ends.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { isPostgresUrl } from '../openStore';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** A folder that is removed when the test ends; returns a SQLite path inside it (the folder "data" not yet made). */
export function temporaryDbPath(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-receiver-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return path.join(folder, 'data', 'reports.sqlite');
}

/** Runs one statement as the cluster's superuser, on its `postgres` database or on `database`. */
export async function asSuperuser<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database?: string): Promise<Row[]> {
  const url = new URL(inject('postgresUrl'));
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A connection of its own to a test's PostgreSQL database, closed when the test ends: to hold a transaction open. */
export async function connectTo(database: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  onTestFinished(() => client.end());
  return client;
}

/** A SQLite path or a postgres:// URL to an empty database, removed when the test ends. */
export async function temporaryDatabase(engine: Engine): Promise<string> {
  if (engine === 'sqlite') return temporaryDbPath();
  const name = `shouhu_test_${randomBytes(6).toString('hex')}`;
  // FILE_COPY: a tenth of the time of the default for a template this small.
  await asSuperuser(`CREATE DATABASE ${name} STRATEGY = FILE_COPY`);
  onTestFinished(() => asSuperuser(`DROP DATABASE ${name} WITH (FORCE)`).then(() => undefined));
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs SQL on a test's database, either engine, bypassing the receiver: to look at or tamper with what is stored. */
export async function queryDatabase<Row extends Record<string, unknown>>(database: string, sql: string): Promise<Row[]> {
  if (isPostgresUrl(database)) {
    const name = decodeURIComponent(new URL(database).pathname.slice(1));
    return asSuperuser<Row>(sql, [], name);
  }
  const db = new Database(database);
  try {
    const statement = db.prepare(sql);
    return statement.reader ? (statement.all() as Row[]) : (statement.run(), []);
  } finally {
    db.close();
  }
}
