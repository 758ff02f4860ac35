// For tests: reads a reference code back as a person typed or heard it, the way
// an agency's operator would. The check character is verified by Luhn mod 32
// written as a check over the whole code, not as referenceCode.ts computes it,
// so that the tests hold the codes the app prints to the algorithm itself.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 9;

export type ReferenceProblem = 'length' | 'character' | 'checksum';

export type ParsedReference = { ok: true; code: string } | { ok: false; problem: ReferenceProblem };

/** Every second character from the right doubled, digits of base 32 added: a valid code sums to a multiple of 32. */
function passesLuhnMod32(code: string): boolean {
  let sum = 0;
  [...code].reverse().forEach((char, fromRight) => {
    const product = ALPHABET.indexOf(char) * (fromRight % 2 === 1 ? 2 : 1);
    sum += Math.floor(product / 32) + (product % 32);
  });
  return sum % 32 === 0;
}

/** Any case, spaces and dashes, and the look-alikes the alphabet leaves out (i, l → 1; o → 0). */
export function parseReference(input: string): ParsedReference {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (code.length !== CODE_LENGTH) return { ok: false, problem: 'length' };
  if ([...code].some((char) => !ALPHABET.includes(char))) return { ok: false, problem: 'character' };
  if (!passesLuhnMod32(code)) return { ok: false, problem: 'checksum' };
  return { ok: true, code };
}
