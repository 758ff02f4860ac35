// A report's history as its receiver lists it: each signed change read and
// checked to be a status change of that report; one that is not is kept as unreadable.
import { describe, expect, it } from 'vitest';
import { agencySignerFromPkcs8 } from '../../server/agencySigner';
import { SIGNED_TYPES } from '../contract/agencySignature';
import { TEST_AGENCY_NAME, TEST_SIGNING_PRIVATE_PKCS8 } from '../contract/testing/agencySigningTestKey';
import { readHistory } from './statusHistory';

const ID = '00000000-0000-4000-8000-000000000001';
const change = (seq: number, fields: object) => ({ id: ID, reference: 'ABC-DEF-GHJ', at: `2026-01-0${seq}T00:00:00.000Z`, seq, agency: TEST_AGENCY_NAME, ...fields });

describe('the status history', () => {
  it('reads each change in the order listed, and keeps a place for one that is not a change of this report', async () => {
    const signer = await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8);
    const history = [
      await signer.sign(SIGNED_TYPES.status, change(1, { status: 'accepted', note: '已受理' })),
      await signer.sign(SIGNED_TYPES.status, change(2, { status: 'referred', referredTo: 'civil_affairs' })),
      await signer.sign(SIGNED_TYPES.status, { ...change(3, { status: 'closed' }), id: '00000000-0000-4000-8000-000000000002' }),
      await signer.sign(SIGNED_TYPES.status, change(4, { status: 'made_up' })),
      'not.a.jws',
    ];
    const read = await readHistory(history, ID);
    expect(read.map((entry) => entry && [entry.status, entry.referredTo, entry.note])).toEqual([
      ['accepted', undefined, '已受理'],
      ['referred', 'civil_affairs', undefined],
      undefined,
      undefined,
      undefined,
    ]);
  });
});
