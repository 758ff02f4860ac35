// The agency's export from a receiver's database: every report opened and
// checked against the schema, one that fails kept and marked, one altered or
// sealed to another key named and not shown, rows stored in clear by an older
// receiver read too; JSON Lines, and a CSV with Chinese headings and a BOM.
import { randomUUID } from 'node:crypto';
import { importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { TEST_AGENCY_PRIVATE_JWK } from '../src/contract/testing/agencyTestKey';
import { openReportStore } from '../server/openStore';
import { temporaryDatabase } from '../server/testing/databases';
import { envelopeFor, storedReport } from '../server/testSupport';
import type { StoredReport } from '../server/store';
import { exportReports } from './exportReports';

const agencyKeys = async () => [{ kid: TEST_AGENCY_PRIVATE_JWK.kid, key: (await importJWK(TEST_AGENCY_PRIVATE_JWK, 'ECDH-ES+A256KW')) as CryptoKey }];
const receipt = (n: number) => ({ receiptId: `R-20260301-${String(n).padStart(10, '0')}`, receivedAt: '2026-03-01T08:00:00.000Z' });

describe('the agency export', () => {
  it('opens, checks and writes every stored report; names those it cannot open', async () => {
    const store = await openReportStore(await temporaryDatabase('sqlite'), { poolSize: 1, log: () => {} });
    const valid = await envelopeFor(storedReport((input) => void (input.incident.narrative = '发现时，"他说"：=HYPERLINK("x")，\n第二行')));
    const failsSchema = await envelopeFor({ ...storedReport(), child: { name: '' } });
    const altered = await envelopeFor(storedReport());
    const parts = altered.sealedReport.split('.');
    const ciphertext = parts[3] ?? '';
    parts[3] = `${ciphertext.startsWith('A') ? 'B' : 'A'}${ciphertext.slice(1)}`;
    // Sealed to a key the agency did not give the export (its key id, as an older key's would be).
    const otherKey = await envelopeFor(storedReport());
    const [header = '', ...rest] = otherKey.sealedReport.split('.');
    const relabelled = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    relabelled.kid = 'an-older-agency-key';
    const clearId = randomUUID();
    const inClear = { ...(await envelopeFor(storedReport(), clearId)), sealedReport: undefined, report: storedReport() };
    const rows: StoredReport[] = [
      { envelope: valid, ...receipt(1) },
      { envelope: failsSchema, ...receipt(2) },
      { envelope: { ...altered, sealedReport: parts.join('.') }, ...receipt(3) },
      { envelope: { ...otherKey, sealedReport: [Buffer.from(JSON.stringify(relabelled)).toString('base64url'), ...rest].join('.') }, ...receipt(4) },
      { envelope: inClear as unknown as StoredReport['envelope'], ...receipt(5) },
    ];
    await store.insertAllIfAbsent(rows);

    const result = await exportReports(store, await agencyKeys());
    await store.close();

    expect(result.reports.map((entry) => [entry.id, entry.valid, entry.keyId])).toEqual([
      [valid.id, true, TEST_AGENCY_PRIVATE_JWK.kid],
      [failsSchema.id, false, TEST_AGENCY_PRIVATE_JWK.kid],
      [clearId, true, 'clear'],
    ]);
    expect(result.reports[1]?.problems).toContainEqual({ path: 'child.name', message: 'error.nameOrDescription' });
    expect(result.notOpened.map((entry) => [entry.id, entry.problem])).toEqual([
      [altered.id, 'cannot_open'],
      [otherKey.id, 'other_key'],
    ]);

    const lines = result.jsonLines.trim().split('\n').map((line) => JSON.parse(line) as { id: string; report: { incident: { narrative: string } } });
    expect(lines.map((line) => line.id)).toEqual(result.reports.map((entry) => entry.id));
    expect(lines[0]?.report.incident.narrative).toBe('发现时，"他说"：=HYPERLINK("x")，\n第二行');
    expect(result.jsonLines).not.toContain(altered.reference);

    expect(result.csv.startsWith('\uFEFF报告编号,报告ID,接收回执号,接收时间,')).toBe(true);
    expect(result.csv).toContain('报告人姓名');
    expect(result.csv).toContain('中小学校'); // the unit type in words
    // Quoted as RFC 4180 has it; the narrative starts no formula.
    expect(result.csv).toContain('"发现时，""他说""：=HYPERLINK(""x"")，\n第二行"');
    expect(result.csv.split('\r\n').filter((line) => line.startsWith(valid.reference))).toHaveLength(1);
    expect(result.csv).toMatch(/,未通过：[^,]*child\.name error\.nameOrDescription/);
    expect(result.csv).not.toContain(altered.id);
  });

  it('prefixes a cell that a spreadsheet would run as a formula', async () => {
    const store = await openReportStore(await temporaryDatabase('sqlite'), { poolSize: 1, log: () => {} });
    const formula = await envelopeFor(storedReport((input) => void (input.child.name = '=1+1')));
    await store.insertAllIfAbsent([{ envelope: formula, ...receipt(1) }]);
    const { csv } = await exportReports(store, await agencyKeys());
    await store.close();
    expect(csv).toContain(",'=1+1,");
    expect(csv).not.toContain(',=1+1,');
  });
});
