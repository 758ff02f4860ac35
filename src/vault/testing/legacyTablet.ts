// For the migration tests: a tablet as the release before sealing for the
// agency left it. Its formats, rebuilt here with WebCrypto as that release
// wrote them: a tablet outbox key pair (RSA-OAEP-2048), each profile's own RSA
// key pair (its private key wrapped with the profile's data key) and its
// grant of the outbox private key, reports sealed to the outbox key
// ("outbox:<id>") beside the owner's copies, and the endpoint token sealed to it.
import { contentHash } from '../../contract/contentHash';
import { referenceFromId } from '../../contract/referenceCode';
import type { Report } from '../../contract/schema';
import { db, type OutboxItem } from '../../storage/db';
import type { Bytes, SealedFor } from '../../storage/sealed';
import { purpose, receiptDetailsOf } from '../content';
import { generateAesKey, randomBytes, seal, wrapKey } from '../crypto';
import type { ProfileSession } from '../keys';
import { LEGACY_OUTBOX_PUBLIC_KEY } from '../legacyOutbox';

const RSA = { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const subtle = () => globalThis.crypto.subtle;

/** What that release's sealFor wrote: AES-GCM under a fresh key, the key wrapped with RSA-OAEP to the recipient. */
async function sealBytesFor(publicKey: CryptoKey, bytes: Bytes, context: string): Promise<SealedFor> {
  const dataKey = await generateAesKey(true);
  const iv = randomBytes(12);
  const data = new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, dataKey, bytes),
  );
  const wrappedKey = new Uint8Array(await subtle().wrapKey('raw', dataKey, publicKey, { name: 'RSA-OAEP' }));
  return { v: 1, iv, data, wrappedKey };
}

const sealFor = (publicKey: CryptoKey, value: unknown, context: string) =>
  sealBytesFor(publicKey, new TextEncoder().encode(JSON.stringify(value)), context);

export interface LegacyTablet {
  outboxPublicKey: CryptoKey;
  /** Gives an existing profile (made by this release) the keys and grant the old release gave every profile. */
  grant(session: ProfileSession): Promise<void>;
  /** A report queued by `session`'s profile as the old release queued it; added to the outbox. */
  queue(session: ProfileSession, report: Report, overrides?: Partial<OutboxItem>): Promise<OutboxItem>;
  /** The endpoint token as the old release stored it in Settings. */
  storeToken(endpoint: string, token: string): Promise<void>;
}

export async function legacyTablet(): Promise<LegacyTablet> {
  const outbox = (await subtle().generateKey(RSA, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'])) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle().exportKey('spki', outbox.publicKey));
  await db.settings.put({ key: LEGACY_OUTBOX_PUBLIC_KEY, value: spki });
  return {
    outboxPublicKey: outbox.publicKey,
    async grant(session) {
      const record = await db.profiles.get(session.profileId);
      if (!record) throw new Error('No such profile');
      const own = (await subtle().generateKey(RSA, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'])) as CryptoKeyPair;
      const sealedPrivateKey = await wrapKey(own.privateKey, session.dataKey, `profile-private-key:${session.profileId}`);
      const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', outbox.privateKey));
      const outboxGrant = await sealBytesFor(own.publicKey, pkcs8, `outbox-grant:${session.profileId}`);
      const publicKey = new Uint8Array(await subtle().exportKey('spki', own.publicKey));
      await db.profiles.update(session.profileId, { keys: { ...record.keys, publicKey, sealedPrivateKey, outboxGrant } });
    },
    async queue(session, report, overrides = {}) {
      const id = overrides.id ?? globalThis.crypto.randomUUID();
      const item: OutboxItem = {
        id,
        reference: referenceFromId(id),
        createdAt: '2026-11-22T07:00:00.000Z',
        submittedAt: new Date().toISOString(),
        status: 'queued',
        profileId: session.profileId,
        sealedForSending: await sealFor(outbox.publicKey, report, purpose.sending(id)),
        sealedForOwner: await seal(session.dataKey, report, purpose.ownReport(id)),
        sealedReceipt: await seal(session.dataKey, receiptDetailsOf(report), purpose.receipt(id)),
        contentHash: await contentHash(report),
        attempts: 0,
        nextAttemptAt: 0,
        ...overrides,
      };
      await db.outbox.add(item);
      return item;
    },
    async storeToken(endpoint, token) {
      await db.settings.put({ key: 'syncSettings', value: { endpoint, sealedToken: await sealFor(outbox.publicKey, token, purpose.token) } });
    },
  };
}
