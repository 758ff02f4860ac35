// Which engine RECEIVER_DB selects, and how it is shown to an operator.
import { expect, it } from 'vitest';
import { databaseForDisplay, isPostgresUrl } from './openStore';

it('selects PostgreSQL for postgres:// and postgresql:// URLs, SQLite for anything else', () => {
  expect(isPostgresUrl('postgres://db/reports')).toBe(true);
  expect(isPostgresUrl('PostgreSQL://db/reports')).toBe(true);
  expect(isPostgresUrl('/srv/shouhu/reports.sqlite')).toBe(false);
  expect(isPostgresUrl('postgres.sqlite')).toBe(false);
});

it('never shows a password', () => {
  expect(databaseForDisplay('postgres://shouhu:s3cr:et@db.internal:5432/reports')).toBe('postgres://shouhu:***@db.internal:5432/reports');
  expect(databaseForDisplay('postgresql://shouhu@db.internal/reports')).toBe('postgresql://shouhu@db.internal/reports');
  expect(databaseForDisplay('/srv/shouhu/reports.sqlite')).toBe('/srv/shouhu/reports.sqlite');
});
