// Test data: a valid report (synthetic, no real person) and outbox items built
// from it, sealed for the test agency key as filing seals them.
import { newId } from '../../lib/ids';
import { contentHash } from '../../contract/contentHash';
import { SCHEMA_VERSION } from '../../contract/protocol';
import { reportSchema, type Report } from '../../contract/schema';
import { referenceFromId } from '../../contract/referenceCode';
import { sealReportFor } from '../../contract/sealReportFor';
import { TEST_AGENCY_PUBLIC_KEY } from '../../contract/testing/agencyTestKey';
import { openDatabase, type OutboxItem, type ShouhuDatabase } from '../db';

/** A receiver's time of receipt, for acknowledgements written by hand. */
export const RECEIVED_AT = '2026-11-22T08:00:05.000Z';

export function validReport(narrative = 'A synthetic narrative for tests.'): Report {
  return reportSchema.parse({
    utcOffsetMinutes: -480,
    reporter: { name: 'Test Teacher', unitName: 'Test School', unitType: 'school', phone: '010-1234567' },
    child: { name: 'Test Child', whereNow: 'At school' },
    incident: { circumstances: ['injury_abuse'], discoveredAt: '2026-11-20T09:00', narrative, immediateDanger: 'unknown' },
    suspect: {},
    actions: {},
    declaration: { goodFaith: true },
  });
}

let databases = 0;
let items = 0;
/** A database of its own for each test. */
export function freshDatabase(label = 'test'): { db: ShouhuDatabase; name: string } {
  const name = `${label}-${++databases}-${newId()}`;
  return { db: openDatabase(name), name };
}

/**
 * A filed report as the outbox holds it, sealed for the test agency key
 * (`report` chooses what is sealed; it is not kept in clear). Any other field
 * may be overridden; the sealed report's header repeats the item's fields.
 */
export async function makeItem({ report: given, ...overrides }: Partial<OutboxItem> = {}): Promise<OutboxItem> {
  const id = overrides.id ?? newId();
  const report = given ?? validReport(`Narrative of ${id}`);
  const fields = {
    id,
    reference: overrides.reference ?? referenceFromId(id),
    createdAt: overrides.createdAt ?? '2026-11-22T07:00:00.000Z',
    submittedAt: overrides.submittedAt ?? new Date(Date.UTC(2026, 10, 22, 7, 30) + ++items).toISOString(),
    contentHash: overrides.contentHash ?? (await contentHash(report)),
  };
  return {
    ...fields,
    status: 'queued',
    sealedForAgency: await sealReportFor(TEST_AGENCY_PUBLIC_KEY, { ...fields, schemaVersion: SCHEMA_VERSION }, report),
    attempts: 0,
    nextAttemptAt: 0,
    ...overrides,
  };
}

/** Adds `count` queued items, filed one millisecond apart in order, and returns them. */
export async function addQueued(db: ShouhuDatabase, count: number, overrides: Partial<OutboxItem> = {}): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  for (let i = 0; i < count; i++) {
    items.push(await makeItem({ submittedAt: new Date(Date.UTC(2026, 10, 22, 7, 0, 0, i)).toISOString(), ...overrides }));
  }
  await db.outbox.bulkAdd(items);
  return items;
}
