// The verdict in words: what the check screen and `npm run agency -- verify` say.
import { describe, expect, it } from 'vitest';
import type { SignatureProblem } from '../contract/agencySignature';
import { dateTimeFormatter } from './dateFormat';
import { en } from './en';
import { receiptVerdictWords } from './receiptVerdict';
import { zhCN } from './zh-CN';

const acknowledgement = {
  id: '5d1e2f30-4a5b-4c6d-8e7f-901234567890',
  reference: '5MF2X1S7C',
  contentHash: `sha256:0123456789abcdef${'0'.repeat(48)}`,
  receiptId: 'R-20261130-0123456789',
  receivedAt: '2026-11-30T08:05:00.000Z',
  agency: '测试县公安局',
};
const PROBLEMS: SignatureProblem[] = ['malformed', 'unsupported', 'unknown_key', 'bad_signature', 'expired_key', 'invalid_content'];
const catalogs = [
  ['zh-CN', zhCN],
  ['en', en],
] as const;

describe('the verdict in words', () => {
  for (const [language, messages] of catalogs) {
    const formatTime = dateTimeFormatter(language);

    it(`valid: who received it, when (date and time), the reference and the check code (${language})`, () => {
      const words = receiptVerdictWords({ kind: 'valid', acknowledgement, kid: 'k' }, messages, formatTime);
      expect(words.outcome).toBe('valid');
      for (const part of ['测试县公安局', formatTime(acknowledgement.receivedAt), '5MF-2X1-S7C', '0123 4567 89AB CDEF']) expect(words.sentence).toContain(part);
      expect(formatTime(acknowledgement.receivedAt)).toMatch(/2026/);
      expect(words.receiptIdLine).toContain('R-20261130-0123456789');
    });

    it(`an unnamed agency is "the agency", never an empty name (${language})`, () => {
      const words = receiptVerdictWords({ kind: 'valid', acknowledgement: { ...acknowledgement, agency: ' ' }, kid: 'k' }, messages, formatTime);
      expect(words.sentence).toContain(messages['check.unnamedAgency']);
    });

    it(`not valid: one sentence of its own for each reason (${language})`, () => {
      const sentences = PROBLEMS.map((problem) => receiptVerdictWords({ kind: 'invalid', problem }, messages, formatTime));
      for (const words of sentences) {
        expect(words.outcome).toBe('invalid');
        expect(words.title).toBe(messages['check.notValid.title']);
      }
      const others = [receiptVerdictWords({ kind: 'not_a_receipt' }, messages, formatTime), receiptVerdictWords({ kind: 'mistyped_reference' }, messages, formatTime)];
      for (const words of others) expect(words.outcome).toBe('invalid');
      expect(new Set([...sentences, ...others].map((words) => words.sentence)).size).toBe(PROBLEMS.length + 2);
    });

    it(`a reference code, or no key to check with, is neither valid nor not (${language})`, () => {
      const filed = receiptVerdictWords({ kind: 'filed_only', reference: '5MF2X1S7C' }, messages, formatTime);
      expect(filed).toMatchObject({ outcome: 'unproven', title: messages['check.filedOnly.title'] });
      expect(filed.sentence).toContain('5MF-2X1-S7C');
      expect(receiptVerdictWords({ kind: 'no_keys' }, messages, formatTime)).toMatchObject({ outcome: 'unproven', sentence: messages['check.noKeys'] });
    });
  }

  it('says "changed after signing" for a bad signature, in both languages', () => {
    const words = (messages: typeof en) => receiptVerdictWords({ kind: 'invalid', problem: 'bad_signature' }, messages, String).sentence;
    expect(words(en)).toMatch(/changed after it was signed/);
    expect(words(zhCN)).toMatch(/签名之后被改动过/);
  });
});
