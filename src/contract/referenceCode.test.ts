import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReference, parseReference, referenceFromId } from './referenceCode';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('reference codes', () => {
  it('are nine characters of the Crockford alphabet, shown in groups of three', () => {
    const code = referenceFromId('3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c');
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{9}$/);
    expect(formatReference(code)).toMatch(/^\w{3}-\w{3}-\w{3}$/);
  });

  it('are derived from the id, the same every time', () => {
    const id = '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c';
    expect(referenceFromId(id)).toBe(referenceFromId(id));
    expect(referenceFromId(id)).not.toBe(referenceFromId('3f2a9c1e-7c4d-4e8a-9c2b-1d5e6f7a8b9c'));
  });

  it('round-trip through the way people type and say them', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const code = referenceFromId(id);
        const typed = formatReference(code).toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o');
        expect(parseReference(typed)).toEqual({ ok: true, code });
        expect(parseReference(` ${formatReference(code)} `)).toEqual({ ok: true, code });
      }),
    );
  });

  it('detect every single mistyped character', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(8), fc.nat(30), (id, position, shift) => {
        const code = referenceFromId(id);
        const original = code[position] as string;
        const replacement = ALPHABET[(ALPHABET.indexOf(original) + 1 + shift) % ALPHABET.length] as string;
        const mistyped = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(parseReference(mistyped)).toEqual({ ok: false, problem: 'checksum' });
      }),
      { numRuns: 2000 },
    );
  });

  it('detect most swaps of two neighbouring characters', () => {
    let swaps = 0;
    let detected = 0;
    fc.assert(
      fc.property(fc.uuid(), fc.nat(7), (id, position) => {
        const code = referenceFromId(id);
        const a = code[position] as string;
        const b = code[position + 1] as string;
        if (a === b) return;
        swaps += 1;
        const swapped = code.slice(0, position) + b + a + code.slice(position + 2);
        if (!parseReference(swapped).ok) detected += 1;
      }),
      { numRuns: 2000 },
    );
    expect(detected / swaps).toBeGreaterThan(0.95);
  });

  it('say what is wrong with a code that cannot be read', () => {
    expect(parseReference('ABC-DEF')).toEqual({ ok: false, problem: 'length' });
    expect(parseReference('ABC-DEF-GU*')).toEqual({ ok: false, problem: 'character' });
  });

  it('refuse an id that is not a UUID', () => {
    expect(() => referenceFromId('not-an-id')).toThrow();
  });
});
