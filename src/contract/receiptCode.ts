// What a receipt's QR code holds, and what checking it finds. Once the agency
// has acknowledged a report, the code is the agency's signed acknowledgement
// (a compact JWS, agencySignature.ts), which proves receipt to anyone who
// holds the agency's public signing key; before that, the bare reference code,
// which proves only that the report was filed on a tablet. The "Check a
// receipt" screen and `npm run agency -- verify` both decide with this.
import { verifyAcknowledgement, type AgencySigningKey, type SignatureProblem, type SignedAcknowledgement } from './agencySignature';
import { parseReference } from './referenceCode';

export type ReceiptVerdict =
  /** Signed by a pinned agency key: this report, with this content, reached the agency at this time. */
  | { kind: 'valid'; acknowledgement: SignedAcknowledgement; kid: string }
  /** Looks like a signed acknowledgement, but is not taken, for this reason. */
  | { kind: 'invalid'; problem: SignatureProblem }
  /** A reference code: the receipt was printed before the agency acknowledged the report. */
  | { kind: 'filed_only'; reference: string }
  /** Nine characters of a reference code whose check character does not match: a typing mistake. */
  | { kind: 'mistyped_reference' }
  /** A signed code, but there is no agency signing key to check it against. */
  | { kind: 'no_keys' }
  /** Neither a signed acknowledgement nor a reference code. */
  | { kind: 'not_a_receipt' };

/** Three base64url parts: the shape of a compact JWS, whatever is inside. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The longest text looked at: a receipt code is a few hundred characters. */
export const MAX_RECEIPT_CODE_CHARS = 8192;

/**
 * What a receipt's code (as scanned, pasted or typed) proves, checked against
 * the agency's signing keys. White space is ignored, so a code copied across
 * lines still reads. Never throws.
 */
export async function checkReceiptCode(text: string, keys: readonly AgencySigningKey[]): Promise<ReceiptVerdict> {
  if (typeof text !== 'string' || text.length > MAX_RECEIPT_CODE_CHARS) return { kind: 'not_a_receipt' };
  const compact = text.replace(/\s+/g, '');
  if (COMPACT_JWS.test(compact)) {
    if (keys.length === 0) return { kind: 'no_keys' };
    const verified = await verifyAcknowledgement(compact, keys);
    return verified.ok ? { kind: 'valid', acknowledgement: verified.statement, kid: verified.kid } : { kind: 'invalid', problem: verified.problem };
  }
  const reference = parseReference(text);
  if (reference.ok) return { kind: 'filed_only', reference: reference.code };
  return reference.problem === 'checksum' ? { kind: 'mistyped_reference' } : { kind: 'not_a_receipt' };
}
