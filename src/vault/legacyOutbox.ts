// Reports queued before reports were sealed for the agency travelled sealed
// to a tablet outbox key that every profile was granted. That key is retired:
// at each unlock, what the unlocked profile can open of those reports (with
// the old key, or as their owner) is sealed for the agency and queued, and
// once nothing needs the old key, it and its grants are removed. Nothing is
// dropped: a report nobody unlocked can open yet waits, parked, for one who can.
import { contentHash } from '../contract/contentHash';
import { SCHEMA_VERSION } from '../contract/protocol';
import type { Report } from '../contract/schema';
import { sealReportFor } from '../contract/sealReportFor';
import { NOT_ACKNOWLEDGED } from '../storage/counts';
import { db, type OutboxItem } from '../storage/db';
import type { SealedFor } from '../storage/sealed';
import { currentAgencyKey } from './agencyKeys';
import { openLegacySending, openOwnReport, purpose } from './content';
import { openWith } from './crypto';
import { sealWithDeviceKey } from './deviceKey';
import type { ProfileSession } from './keys';

/** Where the retired outbox key's public half was kept; present until it is retired. */
export const LEGACY_OUTBOX_PUBLIC_KEY = 'outboxPublicKey';
/** The settings that may hold an endpoint token sealed to the retired key. */
const TOKEN_SETTINGS = ['syncSettings', 'deploymentDefaults'];

/** The report of an item this session can open: in clear (versions 1-2), with the old key, or as its owner. */
async function openable(session: ProfileSession, item: OutboxItem): Promise<Report | undefined> {
  if (item.report) return item.report;
  try {
    return (
      (await openLegacySending(session, item)) ??
      (item.profileId === session.profileId ? await openOwnReport(session, item) : undefined)
    );
  } catch {
    return undefined; // altered: never shown, never sent; it stays as it is
  }
}

/**
 * Seals for the agency every report not acknowledged and not yet sealed for
 * it that this session can open, and queues it to be sent at once. A report
 * the receiver refused before it could be sealed is queued again: the refusal
 * was of the clear report (a receiver that seals now takes it). One in
 * conflict stays in conflict, for a person to sort out. Returns how many.
 */
export async function resealForAgency(session: ProfileSession): Promise<number> {
  const key = await currentAgencyKey();
  if (!key) return 0;
  const waiting = await db.outbox
    .where('status')
    .anyOf(NOT_ACKNOWLEDGED)
    .filter((item) => item.sealedForAgency === undefined)
    .toArray();
  let resealed = 0;
  for (const item of waiting) {
    const report = await openable(session, item);
    if (!report) continue;
    const hash = item.contentHash || (await contentHash(report));
    const fields = { id: item.id, reference: item.reference, contentHash: hash, schemaVersion: SCHEMA_VERSION, createdAt: item.createdAt, submittedAt: item.submittedAt };
    // Sealed before the transaction: no crypto may run inside one.
    const sealedForAgency = await sealReportFor(key, fields, report);
    const done = await db.transaction('rw', db.outbox, async () => {
      const current = await db.outbox.get(item.id);
      if (!current || current.sealedForAgency !== undefined || current.status === 'acknowledged') return false;
      const { sealedForSending: _retired, ...rest } = current;
      const requeue = current.status !== 'conflict';
      await db.outbox.put({
        ...rest,
        sealedForAgency,
        contentHash: hash,
        ...(requeue && { status: current.status === 'sending' ? 'sending' : 'queued', nextAttemptAt: 0 }),
        ...(current.status === 'rejected' && { attempts: 0, lastError: undefined }),
      });
      return true;
    });
    if (done) resealed += 1;
  }
  return resealed;
}

const isLegacyToken = (sealed: unknown): sealed is SealedFor =>
  typeof sealed === 'object' && sealed !== null && 'wrappedKey' in sealed;

/**
 * Removes the retired outbox key pair and every grant of it, once no report
 * or token needs it: reports acknowledged no longer need their copy sealed
 * to it, the others must all be sealed for the agency, and a token sealed to
 * it is resealed with the tablet's own key (deviceKey.ts) by a session that
 * holds the old key. Until then everything stays as it is.
 */
export async function retireOutboxKey(session: ProfileSession): Promise<boolean> {
  if (!(await db.settings.get(LEGACY_OUTBOX_PUBLIC_KEY))) return true;
  await db.outbox
    .where('status')
    .equals('acknowledged')
    .filter((item) => item.sealedForSending !== undefined)
    .modify((item) => {
      delete item.sealedForSending;
    });
  const stillNeeded = await db.outbox
    .where('status')
    .anyOf(NOT_ACKNOWLEDGED)
    .filter((item) => item.sealedForAgency === undefined && item.sealedForSending !== undefined)
    .count();
  if (stillNeeded > 0) return false;
  const tokens: { key: string; value: Record<string, unknown> }[] = [];
  for (const key of TOKEN_SETTINGS) {
    const value = (await db.settings.get(key))?.value as Record<string, unknown> | undefined;
    if (!isLegacyToken(value?.sealedToken)) continue;
    if (!session.outboxPrivateKey) return false;
    let token: string | undefined;
    try {
      token = await openWith<string>(session.outboxPrivateKey, value.sealedToken, purpose.token);
    } catch {
      token = undefined; // altered: dropped, as an altered token is never used
    }
    const { sealedToken: _legacy, ...rest } = value;
    tokens.push({ key, value: { ...rest, ...(token ? { sealedToken: await sealWithDeviceKey(token, purpose.token) } : {}) } });
  }
  await db.transaction('rw', db.settings, db.profiles, async () => {
    // Unless saved anew meanwhile (already with the tablet's key).
    for (const token of tokens) {
      const current = (await db.settings.get(token.key))?.value as { sealedToken?: unknown } | undefined;
      if (isLegacyToken(current?.sealedToken)) await db.settings.put(token);
    }
    await db.profiles.toCollection().modify((profile) => {
      delete profile.keys.outboxGrant;
      delete profile.keys.publicKey;
      delete profile.keys.sealedPrivateKey;
    });
    await db.settings.delete(LEGACY_OUTBOX_PUBLIC_KEY);
  });
  return true;
}
