// Opens the store that RECEIVER_DB names: a postgres:// URL selects
// PostgreSQL, anything else is a SQLite file. Migrations run here, before the
// receiver takes a request.
import { openPostgresStore } from './postgresStore';
import { openSqliteStore } from './sqliteStore';
import type { ReportStore } from './store';

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** The database as an operator may see it: a URL's password is left out. */
export function databaseForDisplay(database: string): string {
  return database.replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

export interface OpenStoreOptions {
  /** PostgreSQL only: connections held at most. */
  poolSize: number;
  log: (line: string) => void;
}

export async function openReportStore(database: string, options: OpenStoreOptions): Promise<ReportStore> {
  return isPostgresUrl(database) ? openPostgresStore(database, options) : openSqliteStore(database);
}
