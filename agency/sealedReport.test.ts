// Sealing for the agency and opening: a round trip; an envelope whose id,
// reference or hash was swapped, or whose sealed report was altered, does not
// open; a wrong key fails with a named reason, never an exception or content.
import { exportJWK, generateKeyPair, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createReportSchema } from '../src/contract/schema';
import { sealedReportProblem } from '../src/contract/sealedReport';
import { sealReportFor } from '../src/contract/sealReportFor';
import { TEST_AGENCY_PRIVATE_JWK, TEST_AGENCY_PUBLIC_KEY } from '../src/contract/testing/agencyTestKey';
import { validReportInput } from '../src/contract/testing/testReports';
import type { ReportEnvelope } from '../src/contract/envelope';
import { openSealedReport, type AgencyPrivateKey } from './openSealedReport';
import { sealedTestEnvelope } from '../src/contract/testing/sealedTestEnvelope';

const agencyKey = async (): Promise<AgencyPrivateKey> => ({
  kid: TEST_AGENCY_PRIVATE_JWK.kid,
  key: (await importJWK(TEST_AGENCY_PRIVATE_JWK, 'ECDH-ES+A256KW')) as CryptoKey,
});

async function sealedEnvelope(narrative = '手臂多处淤青。'): Promise<{ envelope: ReportEnvelope; report: unknown }> {
  const report = createReportSchema().parse(validReportInput({ incident: { narrative } }));
  return { envelope: await sealedTestEnvelope(report), report };
}

/** The sealed report with its protected header rewritten: what someone who cannot open it could do. */
function withHeader(sealed: string, change: (header: Record<string, unknown>) => void): string {
  const [header = '', ...rest] = sealed.split('.');
  const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(decoded);
  return [Buffer.from(JSON.stringify(decoded)).toString('base64url'), ...rest].join('.');
}

describe('a report sealed for the agency', () => {
  it('opens with the agency key to the very report, whose hash the envelope carries', async () => {
    const { envelope, report } = await sealedEnvelope();
    expect(await openSealedReport(envelope, [await agencyKey()])).toEqual({ ok: true, report, kid: TEST_AGENCY_PUBLIC_KEY.kid });
    // Sealing is randomized: the same report sealed again is other bytes, opening to the same report.
    const again = await sealReportFor(TEST_AGENCY_PUBLIC_KEY, envelope, report);
    expect(again).not.toBe(envelope.sealedReport);
    expect(await openSealedReport({ ...envelope, sealedReport: again }, [await agencyKey()])).toMatchObject({ ok: true, report });
  });

  it('does not open under a swapped id, reference or hash, whether the header was left or rewritten to match', async () => {
    const { envelope } = await sealedEnvelope();
    const { envelope: other } = await sealedEnvelope('另一份报告。');
    const keys = [await agencyKey()];
    const swaps: Partial<ReportEnvelope>[] = [
      { id: other.id, reference: other.reference },
      { reference: other.reference },
      { contentHash: other.contentHash },
      { submittedAt: '2026-01-03T00:00:00.000Z' },
    ];
    for (const swap of swaps) {
      // The header left as sealed: it names other fields than the envelope.
      const swapped = { ...envelope, ...swap };
      expect(await openSealedReport(swapped, keys)).toEqual({ ok: false, problem: 'header_mismatch', kid: TEST_AGENCY_PUBLIC_KEY.kid });
      // The header rewritten to match: it is the AES-GCM additional data, so the report no longer opens.
      const rewritten = { ...swapped, sealedReport: withHeader(envelope.sealedReport, (header) => Object.assign(header, swap)) };
      expect(sealedReportProblem(rewritten.sealedReport, rewritten, new Set([TEST_AGENCY_PUBLIC_KEY.kid]))).toBeUndefined();
      expect(await openSealedReport(rewritten, keys)).toEqual({ ok: false, problem: 'cannot_open', kid: TEST_AGENCY_PUBLIC_KEY.kid });
    }
    // Another report's sealed form under this envelope.
    expect(await openSealedReport({ ...envelope, sealedReport: other.sealedReport }, keys)).toMatchObject({ ok: false, problem: 'header_mismatch' });
  });

  it('reports altered ciphertext as not opening, and never shows it', async () => {
    const { envelope } = await sealedEnvelope();
    const parts = envelope.sealedReport.split('.');
    const ciphertext = parts[3] ?? '';
    parts[3] = `${ciphertext.slice(0, 10)}${ciphertext[10] === 'A' ? 'B' : 'A'}${ciphertext.slice(11)}`;
    expect(await openSealedReport({ ...envelope, sealedReport: parts.join('.') }, [await agencyKey()])).toEqual({
      ok: false,
      problem: 'cannot_open',
      kid: TEST_AGENCY_PUBLIC_KEY.kid,
    });
  });

  it('fails cleanly with a wrong key: another key id, or another key under the same id', async () => {
    const { envelope } = await sealedEnvelope();
    const pair = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
    const wrong = (await importJWK(await exportJWK(pair.privateKey), 'ECDH-ES+A256KW')) as CryptoKey;
    expect(await openSealedReport(envelope, [{ kid: 'another-agency-key', key: wrong }])).toEqual({
      ok: false,
      problem: 'other_key',
      kid: TEST_AGENCY_PUBLIC_KEY.kid,
    });
    expect(await openSealedReport(envelope, [{ kid: TEST_AGENCY_PUBLIC_KEY.kid, key: wrong }])).toEqual({
      ok: false,
      problem: 'cannot_open',
      kid: TEST_AGENCY_PUBLIC_KEY.kid,
    });
    expect(await openSealedReport(envelope, [])).toMatchObject({ ok: false, problem: 'other_key' });
  });
});
