// The test vector of docs/sync-protocol.md ("The sealed report"), read from
// the document as it stands: what another implementation checks itself
// against must open here, to the report it shows.
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../src/contract/contentHash';
import type { ReportEnvelope } from '../src/contract/envelope';
import { referenceFromId } from '../src/contract/referenceCode';
import { reportSchema } from '../src/contract/schema';
import { agencyPublicKeyIn, readProtectedHeader, sealedReportProblem } from '../src/contract/sealedReport';
import { openSealedReport } from './openSealedReport';

const PROTOCOL = new URL('../docs/sync-protocol.md', import.meta.url);

function vectorBlocks(): Record<string, unknown> {
  const text = readFileSync(PROTOCOL, 'utf8');
  return Object.fromEntries([...text.matchAll(/```json vector:(\S+)\n([\s\S]*?)```/g)].map(([, name, json]) => [name, JSON.parse(json ?? '') as unknown]));
}

describe('the test vector in docs/sync-protocol.md', () => {
  it('opens with its private key to its report, whose canonical JSON hashes to the envelope\'s contentHash', async () => {
    const { 'private-key': privateJwk, report, envelope } = vectorBlocks() as { 'private-key': Record<string, string>; report: unknown; envelope: ReportEnvelope };
    expect(privateJwk && report && envelope).toBeTruthy();
    const kid = privateJwk.kid ?? '';
    // The key id is the public key's thumbprint; the public half is a key config.json may list.
    expect(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: privateJwk.x ?? '', y: privateJwk.y ?? '' })).toBe(kid);
    expect(agencyPublicKeyIn({ ...privateJwk, d: undefined })).toBeDefined();
    // What a receiver checks, without the key.
    expect(envelope.reference).toBe(referenceFromId(envelope.id));
    expect(sealedReportProblem(envelope.sealedReport, envelope, new Set([kid]))).toBeUndefined();
    expect(readProtectedHeader(envelope.sealedReport)).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid });
    // What the agency reads.
    const key = (await importJWK(privateJwk, 'ECDH-ES+A256KW')) as CryptoKey;
    const opened = await openSealedReport(envelope, [{ kid, key }]);
    expect(opened).toEqual({ ok: true, report, kid });
    expect(await contentHash(report)).toBe(envelope.contentHash);
    expect(reportSchema.parse(report)).toEqual(report);
    expect(canonicalJson(report)).toContain('"narrative":"手臂多处淤青。"');
  });
});
