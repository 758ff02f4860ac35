import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../storage/db';
import { contentHash, shortFingerprint } from '../../contract/contentHash';
import { reportSchema, type ReportInput } from '../../contract/schema';
import { receiptCodeText, receiptContentHash, receiptView } from './receiptView';
import { formatReference, referenceFromId } from '../../contract/referenceCode';
import { signStatus, statusChangeFor } from '../../sync/testing/signedStatus';

const ID = '3f0c2a9e-7b1d-4c5e-9f00-1234567890ab';

/** A report with a distinctive value in every field, so a leak of any one of them shows. */
const everyField: ReportInput = {
  utcOffsetMinutes: -480,
  reporter: {
    name: 'Reporter Ottoline Vance',
    unitName: 'Hazelmere Village Committee',
    unitType: 'village_committee',
    position: 'PositionQuillwright',
    phone: '139 0012 3456',
    howKnown: 'child_disclosed',
    confidential: true,
  },
  child: {
    name: 'Zebulon Quartermaine',
    description: 'DescriptionFreckledRedCoat',
    sex: 'female',
    dateOfBirth: '2015-03-04',
    ageYears: 10,
    whereNow: 'WhereNowInfirmaryAnnex',
    address: '42 Wisteria Lane',
    school: 'Fairbrook Academy',
    className: 'ClassFiveBirch',
    guardians: 'GuardianOrlandoPemberton 13711112222',
    careStatus: 'left_behind',
    disability: 'DisabilityHearingAid',
    languageNeeds: 'LanguageNeedsYiDialect',
  },
  incident: {
    circumstances: ['private_injury', 'organised_begging'],
    discoveredAt: '2026-01-02T10:00',
    occurredAt: '2025-12-31T18:15',
    occurredPlace: 'PlaceRiverbankMill',
    narrative: 'NarrativeXylophoneAfterClass',
    childWords: 'ChildWordsQuokkaSecret',
    injuries: 'InjuriesBruisedForearm',
    immediateDanger: 'yes',
  },
  suspect: { known: 'yes', name: 'Mordecai Blackthorn', relationship: 'RelationStepUncle', hasAccess: 'yes' },
  actions: {
    policeNotified: true,
    policeNotifiedAt: '2026-01-02T10:20',
    policeStation: 'StationHillsideWest',
    policeIncidentNumber: 'JJ-2026-0417',
    otherAgencies: ['civil_affairs', 'womens_federation'],
    otherAgenciesNote: 'AgencyNoteVelvetRope',
    guardianInformed: 'no',
    guardianNotInformedReason: 'ReasonGuardianIsSuspect',
    medicalCare: 'MedicalCareRoseClinic',
  },
  declaration: { goodFaith: true },
};

function outboxItem(change: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: ID,
    reference: referenceFromId(ID),
    createdAt: '2026-01-02T02:05:00.000Z',
    submittedAt: '2026-01-02T02:21:07.000Z',
    status: 'queued',
    report: reportSchema.parse(everyField),
    contentHash: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    attempts: 0,
    nextAttemptAt: 0,
    ...change,
  };
}

/** Every string and number in a value, with its path. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => leaves(inner, path ? `${path}.${key}` : key));
  }
  return typeof value === 'string' || typeof value === 'number' ? [[path, String(value)]] : [];
}

/** The report fields a receipt may show; everything else in the report must stay off it. */
const ALLOWED_PATHS = new Set([
  'reporter.name',
  'reporter.unitName',
  'incident.discoveredAt',
  'actions.policeNotifiedAt',
  'actions.policeIncidentNumber',
]);

describe('receiptView', () => {
  it('shows none of the child, the case or the reporter’s contact details', () => {
    const item = outboxItem({ status: 'acknowledged', receiptId: 'R-20260102-XYZ', receivedAt: '2026-01-02T02:21:09.000Z' });
    const shown = JSON.stringify(receiptView(item));
    const forbidden = [
      'Zebulon',
      'Quartermaine',
      'Wisteria',
      'Fairbrook',
      'ClassFiveBirch',
      'Mordecai',
      'Blackthorn',
      'NarrativeXylophone',
      'Quokka',
      'InjuriesBruised',
      'GuardianOrlando',
      '13711112222',
      '139 0012 3456',
      'PositionQuillwright',
      'StationHillside',
      '2015-03-04',
      'private_injury',
      'organised_begging',
      'left_behind',
      'female',
      'child_disclosed',
      'civil_affairs',
      'womens_federation',
    ];
    for (const text of forbidden) expect(shown, text).not.toContain(text);
    // And generically: no value of any field outside the allow-list, however it is named.
    for (const [path, value] of leaves(item.report)) {
      if (ALLOWED_PATHS.has(path) || value.length < 4) continue;
      expect(shown, path).not.toContain(value);
    }
  });

  it('shows the reference, the reporter, the times, the police number and the status', () => {
    const pending = receiptView(outboxItem());
    expect(pending).toEqual({
      reference: referenceFromId(ID),
      reporterName: 'Reporter Ottoline Vance',
      reporterUnit: 'Hazelmere Village Committee',
      discoveredAt: '2026-01-02T10:00',
      submittedAt: '2026-01-02T02:21:07.000Z',
      policeNotifiedAt: '2026-01-02T10:20',
      policeIncidentNumber: 'JJ-2026-0417',
      status: { received: false },
      contentHash: outboxItem().contentHash,
    });
    const received = receiptView(
      outboxItem({ status: 'acknowledged', receiptId: 'R-20260102-XYZ', receivedAt: '2026-01-02T02:21:09.000Z' }),
    );
    expect(received.status).toEqual({ received: true, receiptId: 'R-20260102-XYZ', receivedAt: '2026-01-02T02:21:09.000Z' });
  });

  it('says "not received" in every state but acknowledged', () => {
    for (const status of ['queued', 'sending', 'rejected', 'paused', 'conflict'] as const) {
      // A receipt id left over from an earlier attempt must not make it look received.
      expect(receiptView(outboxItem({ status, receiptId: 'R-OLD' })).status).toEqual({ received: false });
    }
  });

  it('leaves out police details that were not given', () => {
    const report = reportSchema.parse({ ...everyField, actions: {} });
    const view = receiptView(outboxItem({ report }));
    expect(view.policeNotifiedAt).toBeUndefined();
    expect(view.policeIncidentNumber).toBeUndefined();
  });

  it('still shows the filing when the content has been dropped after acknowledgement', () => {
    const item = { ...outboxItem({ status: 'acknowledged', receiptId: 'R-1' }), report: undefined } as unknown as OutboxItem;
    expect(receiptView(item)).toMatchObject({ reference: referenceFromId(ID), reporterName: '', status: { received: true } });
  });
});

describe('what the QR code holds', () => {
  const SIGNED = 'eyJhbGciOiJFUzI1NiJ9.eyJpZCI6IngifQ.c2lnbmF0dXJl';

  it('the signed acknowledgement, as it was signed, once the report is acknowledged with one', () => {
    const item = outboxItem({ status: 'acknowledged', receiptId: 'R-1', receivedAt: '2026-01-02T02:21:09.000Z', acknowledgement: SIGNED });
    expect(receiptCodeText(receiptView(item))).toBe(SIGNED);
    // And after the content is erased: the proof is part of the receipt.
    expect(receiptCodeText(receiptView({ ...item, report: undefined, contentErasedAt: '2026-02-01T00:00:00.000Z' }))).toBe(SIGNED);
  });

  it('the reference code only, in every other state, even with a signature left from elsewhere', () => {
    for (const status of ['queued', 'sending', 'rejected', 'paused', 'conflict'] as const) {
      expect(receiptCodeText(receiptView(outboxItem({ status, acknowledgement: SIGNED })))).toBe(formatReference(referenceFromId(ID)));
    }
    // Acknowledged before receivers signed: no proof to give.
    expect(receiptCodeText(receiptView(outboxItem({ status: 'acknowledged', receiptId: 'R-1' })))).toBe(formatReference(referenceFromId(ID)));
  });
});

describe("the agency's status on a receipt", () => {
  const acknowledged = { status: 'acknowledged', receiptId: 'R-1', receivedAt: '2026-01-02T02:21:09.000Z' } as const;

  it('shows the latest status and since when, never the note', async () => {
    const change = statusChangeFor(ID, { status: 'referred', referredTo: 'education', note: 'NoteMarmaladeSkylark', at: '2026-01-05T03:00:00.000Z', seq: 2 });
    const view = receiptView(outboxItem({ ...acknowledged, statusChange: await signStatus(change), awaiting: 'result' }));
    expect(view.agencyStatus).toEqual({ status: 'referred', referredTo: 'education', at: '2026-01-05T03:00:00.000Z' });
    expect(JSON.stringify(view)).not.toContain('NoteMarmaladeSkylark');
  });

  it('shows none before the agency has answered: the receipt says "received" already', () => {
    expect(receiptView(outboxItem({ ...acknowledged, awaiting: 'reply' })).agencyStatus).toBeUndefined();
    expect(receiptView(outboxItem()).agencyStatus).toBeUndefined();
  });
});

describe('the fingerprint', () => {
  it('is the first 16 hex digits in groups of four', () => {
    expect(shortFingerprint('sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toBe(
      '0123 4567 89AB CDEF',
    );
  });

  it('is computed from the report when the item has none yet', async () => {
    const item = outboxItem({ contentHash: '' });
    expect(await receiptContentHash(item)).toBe(await contentHash(item.report));
    expect(await receiptContentHash(outboxItem())).toBe(outboxItem().contentHash);
  });
});
