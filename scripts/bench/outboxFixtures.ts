// Outbox items as the app stores them, made in Node with the app's own sealing
// code (src/contract/sealReportFor.ts, src/vault/crypto.ts), for the sync and
// scale measures. Each is sealed for the agency (the published test key,
// which the bench's config.json and receivers name), as filing seals it, and
// the sync engine sends it as it is. The owner's copies (sealedForOwner,
// sealedReceipt) are real AES-GCM ciphertexts of the right size under a
// throwaway key: the profile's data key never leaves the page, and no measure
// opens them.
import type { OutboxItem, OutboxStatus } from '../../src/storage/db';
import { SCHEMA_VERSION, writeEnvelope } from '../../src/contract/protocol';
import type { ReportEnvelope } from '../../src/contract/envelope';
import { referenceFromId } from '../../src/contract/referenceCode';
import { contentHash } from '../../src/contract/contentHash';
import { reportSchema, type Report } from '../../src/contract/schema';
import { sealReportFor } from '../../src/contract/sealReportFor';
import { TEST_AGENCY_PUBLIC_KEY } from '../../src/contract/testing/agencyTestKey';
import { purpose, receiptDetailsOf } from '../../src/vault/content';
import { generateAesKey, seal } from '../../src/vault/crypto';

export function syntheticReport(index: number, narrativeLength = 400): Report {
  const sentence = `第${index}号合成报告：课间发现孩子手臂多处淤青，询问后孩子说是在家里被打的。`;
  return reportSchema.parse({
    utcOffsetMinutes: -480,
    reporter: { name: '王老师', unitName: '青山村小学', unitType: 'school', phone: '13800138000' },
    child: { name: `李小明${index}`, whereNow: '学校医务室' },
    incident: {
      circumstances: ['injury_abuse'],
      discoveredAt: '2026-01-02T10:00',
      narrative: sentence.repeat(Math.ceil(narrativeLength / sentence.length)).slice(0, narrativeLength),
      immediateDanger: 'unknown',
    },
    suspect: {},
    actions: {},
    declaration: { goodFaith: true },
  });
}

export interface FixtureOptions {
  count: number;
  profileId: string;
  /** The status of the item at `index` (0 = newest); default "queued". */
  statusOf?: (index: number) => OutboxStatus;
  /** Submitted one minute apart, the newest at this time. */
  newestAt?: number;
}

const DAY_MS = 24 * 3600_000;

/** Sealed outbox items, newest first. Acknowledged items older than a week have their content erased, as retention does. */
export async function sealedOutboxItems(options: FixtureOptions): Promise<OutboxItem[]> {
  const throwawayKey = await generateAesKey(false);
  const newestAt = options.newestAt ?? Date.now();
  const items: OutboxItem[] = [];
  for (let index = 0; index < options.count; index++) {
    const id = crypto.randomUUID();
    const report = syntheticReport(index);
    const at = newestAt - index * 60_000;
    const status = options.statusOf?.(index) ?? 'queued';
    const fields = {
      id,
      reference: referenceFromId(id),
      createdAt: new Date(at - 15 * 60_000).toISOString(),
      submittedAt: new Date(at).toISOString(),
      contentHash: await contentHash(report),
    };
    const item: OutboxItem = {
      ...fields,
      status,
      profileId: options.profileId,
      sealedForAgency: await sealReportFor(TEST_AGENCY_PUBLIC_KEY, { ...fields, schemaVersion: SCHEMA_VERSION }, report),
      sealedForOwner: await seal(throwawayKey, report, purpose.ownReport(id)),
      sealedReceipt: await seal(throwawayKey, receiptDetailsOf(report), purpose.receipt(id)),
      attempts: 0,
      nextAttemptAt: 0,
    };
    if (status === 'acknowledged') {
      const acknowledgedAt = new Date(at + 60_000).toISOString();
      Object.assign(item, { attempts: 1, receiptId: `R-${index}`, receivedAt: acknowledgedAt, acknowledgedAt, lastAttemptAt: acknowledgedAt });
      if (newestAt - at > 7 * DAY_MS) {
        delete item.sealedForAgency;
        delete item.sealedForOwner;
        item.contentErasedAt = new Date(at + 7 * DAY_MS).toISOString();
      } else {
        item.contentKeptSince = at + 60_000;
      }
    }
    items.push(item);
  }
  return items;
}

/** The request bodies of N new reports, sealed for the agency, as the engine sends them (writeEnvelope), for the plain loop. */
export async function envelopes(count: number): Promise<ReportEnvelope[]> {
  const now = Date.now();
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const id = crypto.randomUUID();
      const report = syntheticReport(index);
      const at = new Date(now - index * 1000).toISOString();
      const fields = { id, reference: referenceFromId(id), createdAt: at, submittedAt: at, contentHash: await contentHash(report) };
      return writeEnvelope({ ...fields, sealedReport: await sealReportFor(TEST_AGENCY_PUBLIC_KEY, { ...fields, schemaVersion: SCHEMA_VERSION }, report) });
    }),
  );
}

/** Byte arrays as {$bytes: base64}, for page.evaluate (the probes decode them). */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined).map(([key, member]) => [key, toWire(member)]));
  }
  return value;
}
