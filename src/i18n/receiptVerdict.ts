// A receipt check's verdict (src/contract/receiptCode.ts) in words, the same
// on the "Check a receipt" screen and from `npm run agency -- verify`.
import { shortFingerprint } from '../contract/contentHash';
import type { ReceiptVerdict } from '../contract/receiptCode';
import { formatReference } from '../contract/referenceCode';
import { translate } from './language';
import type { Messages } from './zh-CN';

/** Valid; not valid; or neither proven nor disproven (a bare reference code, or no key to check with). */
export type VerdictOutcome = 'valid' | 'invalid' | 'unproven';

export interface VerdictWords {
  outcome: VerdictOutcome;
  title: string;
  /** What was found, or why it is not valid: one sentence or two. */
  sentence: string;
  /** The agency's receipt number, for a valid receipt: it is printed on the receipt too. */
  receiptIdLine?: string;
}

/** `formatTime` writes a time with its date, in the reader's time zone and language. */
export function receiptVerdictWords(verdict: ReceiptVerdict, messages: Messages, formatTime: (iso: string) => string): VerdictWords {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(messages, key, params);
  switch (verdict.kind) {
    case 'valid': {
      const { agency, receivedAt, reference, contentHash, receiptId } = verdict.acknowledgement;
      return {
        outcome: 'valid',
        title: t('check.valid.title'),
        sentence: t('check.valid', {
          agency: agency.trim() || t('check.unnamedAgency'),
          time: formatTime(receivedAt),
          reference: formatReference(reference),
          fingerprint: shortFingerprint(contentHash),
        }),
        receiptIdLine: t('check.validReceiptId', { receiptId }),
      };
    }
    case 'invalid':
      return { outcome: 'invalid', title: t('check.notValid.title'), sentence: t(`check.problem.${verdict.problem}`) };
    case 'not_a_receipt':
      return { outcome: 'invalid', title: t('check.notValid.title'), sentence: t('check.notAReceipt') };
    case 'mistyped_reference':
      return { outcome: 'invalid', title: t('check.notValid.title'), sentence: t('check.mistypedReference') };
    case 'filed_only':
      return { outcome: 'unproven', title: t('check.filedOnly.title'), sentence: t('check.filedOnly', { reference: formatReference(verdict.reference) }) };
    case 'no_keys':
      return { outcome: 'unproven', title: t('check.noKeys.title'), sentence: t('check.noKeys') };
  }
}
