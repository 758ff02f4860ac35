// Reference codes: short, readable aloud over a phone, typo-resistant.
//
// Eight Crockford base32 characters (40 bits taken from the report's UUID)
// and one Luhn mod 32 check character, shown in groups of three: "7W6-2N7-KV9".
// The Crockford alphabet has no I, L, O or U, so that whoever reads a code
// back can map the look-alikes (i, l → 1; o → 0): a misheard or mistyped code
// is then either read correctly or rejected. The check character catches every
// single mistyped character and most swaps of two neighbours; parseReference
// reads a code back as a person typed or heard it.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE = ALPHABET.length;
const DATA_LENGTH = 8;

const valueOf = (char: string): number => ALPHABET.indexOf(char);

/** Luhn mod N over the alphabet: the character that makes the whole code check. */
function checkCharacter(data: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * valueOf(data[i] as string);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / BASE) + (addend % BASE);
    sum += addend;
  }
  return ALPHABET[(BASE - (sum % BASE)) % BASE] as string;
}

/** The reference code for a report id (a UUID), without separators. */
export function referenceFromId(id: string): string {
  const hex = id.replace(/-/g, '').slice(0, 10);
  if (!/^[0-9a-fA-F]{10}$/.test(hex)) throw new Error('A report id must be a UUID');
  let value = BigInt(`0x${hex}`);
  let data = '';
  for (let i = 0; i < DATA_LENGTH; i++) {
    data = ALPHABET[Number(value % 32n)] + data;
    value /= 32n;
  }
  return data + checkCharacter(data);
}

/** "7W62N7KV9" → "7W6-2N7-KV9", for reading aloud. */
export function formatReference(code: string): string {
  return code.match(/.{1,3}/g)?.join('-') ?? code;
}

export type ReferenceProblem = 'length' | 'character' | 'checksum';

export type ParsedReference = { ok: true; code: string } | { ok: false; problem: ReferenceProblem };

/** Reads a code as a person typed or heard it: any case, spaces and dashes, look-alike letters. */
export function parseReference(input: string): ParsedReference {
  const normalised = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (normalised.length !== DATA_LENGTH + 1) return { ok: false, problem: 'length' };
  if ([...normalised].some((char) => valueOf(char) < 0)) return { ok: false, problem: 'character' };
  const data = normalised.slice(0, DATA_LENGTH);
  if (checkCharacter(data) !== normalised[DATA_LENGTH]) return { ok: false, problem: 'checksum' };
  return { ok: true, code: normalised };
}
