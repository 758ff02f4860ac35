// Receipt ids: "R-20261122-7KDM2Q9XF4", the UTC date of receipt and 50 random
// bits in Crockford base32, so they can be read over the phone.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARACTERS = 10;

export function newReceiptId(at: Date): string {
  const date = at.toISOString().slice(0, 10).replace(/-/g, '');
  // One byte per character, keeping 5 of its 8 bits: every character equally likely.
  const random = [...randomBytes(RANDOM_CHARACTERS)].map((byte) => ALPHABET[byte & 31]).join('');
  return `R-${date}-${random}`;
}
