// Opening a page of the inbox in the page: each report decrypted and checked
// against its envelope, its hash and the schema; one that does not open is
// kept with why, and hides none of the others.
import { importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { AgencyPrivateKey } from '../contract/openSealedReport';
import { TEST_AGENCY_PRIVATE_JWK } from '../contract/testing/agencyTestKey';
import { validReportInput } from '../contract/testing/testReports';
import { openEntries, otherKeyOfAll, type OpenedCache } from './openEntries';
import { sealedInboxEntry } from './testing/inboxEntries';

const testKey = async (): Promise<AgencyPrivateKey> => ({
  kid: TEST_AGENCY_PRIVATE_JWK.kid,
  key: (await importJWK(TEST_AGENCY_PRIVATE_JWK, 'ECDH-ES+A256KW')) as CryptoKey,
});

describe('opening the reports of a page', () => {
  it('opens each report with the key, checks it, and reads what the officer triages by', async () => {
    const report = validReportInput({ incident: { immediateDanger: 'yes' } });
    const entry = await sealedInboxEntry(report);
    const [opened] = await openEntries([entry], [await testKey()], new Map());
    expect(opened).toMatchObject({ opened: true, problems: 0, facts: { danger: 'yes', circumstances: ['injury_abuse'], unitType: 'school' } });
    expect(opened?.opened && (opened.report as { child: { name: string } }).child.name).toBe('李小明');
  });

  it('names why a report does not open, and opens the others', async () => {
    const good = await sealedInboxEntry();
    const otherReference = { ...(await sealedInboxEntry()), reference: 'AAA-AAA-AAA' };
    const otherHash = { ...(await sealedInboxEntry()), contentHash: `sha256:${'0'.repeat(64)}` };
    const cut = await sealedInboxEntry();
    const damaged = { ...cut, sealedReport: cut.sealedReport.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA') };
    const opened = await openEntries([otherReference, undefined, good, otherHash, damaged], [await testKey()], new Map());
    expect(opened.map((item) => (item.opened ? 'opened' : item.problem))).toEqual(['header_mismatch', 'cannot_open', 'opened', 'header_mismatch', 'cannot_open']);
  });

  it('counts the answers that do not fit the schema, and still reads the rest', async () => {
    const report = { ...validReportInput({ incident: { immediateDanger: 'yes' } }), reporter: { unitType: 'school' } };
    const [opened] = await openEntries([await sealedInboxEntry(report)], [await testKey()], new Map());
    expect(opened?.opened && opened.problems).toBeGreaterThan(0);
    expect(opened?.opened && opened.facts.danger).toBe('yes');
  });

  it('says when the key opens none of the reports because all are sealed to another key', async () => {
    const entries = [await sealedInboxEntry(), await sealedInboxEntry()];
    const otherKey = { ...(await testKey()), kid: 'another-key' };
    const opened = await openEntries(entries, [otherKey], new Map());
    expect(otherKeyOfAll(opened)).toBe(TEST_AGENCY_PRIVATE_JWK.kid);
    expect(otherKeyOfAll(await openEntries(entries, [await testKey()], new Map()))).toBeUndefined();
    expect(otherKeyOfAll([])).toBeUndefined();
  });

  it('opens a report seen before from the session, with its status now, and checks a changed one again', async () => {
    const entry = await sealedInboxEntry();
    const cache: OpenedCache = new Map();
    const key = await testKey();
    await openEntries([entry], [key], cache);
    const [again] = await openEntries([{ ...entry, status: 'accepted' }], [], cache);
    expect(again).toMatchObject({ opened: true, entry: { status: 'accepted' } });
    const [changed] = await openEntries([{ ...entry, reference: 'AAA-AAA-AAA' }], [key], cache);
    expect(changed).toMatchObject({ opened: false, problem: 'header_mismatch' });
  });
});
