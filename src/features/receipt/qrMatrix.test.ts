// The QR code must scan back to the reference code and to nothing else. The
// SVG path the screen draws is rasterised and read with a real decoder.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrMatrix, qrSvgPath } from './qrMatrix';
import { decodeQrPath, rasterisePath } from './testing/qrTestDecoder';
import { formatReference, referenceFromId } from '../../contract/referenceCode';

function decodeSvg(text: string): string | undefined {
  const matrix = qrMatrix(text);
  return decodeQrPath(qrSvgPath(matrix), matrix.size + 2 * QUIET_ZONE);
}

describe('the receipt QR code', () => {
  it('decodes to the reference code', () => {
    const reference = formatReference(referenceFromId('3f0c2a9e-7b1d-4c5e-9f00-1234567890ab'));
    expect(decodeSvg(reference)).toBe(reference);
  });

  it('decodes to the reference code for many reports', () => {
    for (let i = 0; i < 25; i++) {
      const reference = formatReference(referenceFromId(randomUUID()));
      expect(decodeSvg(reference)).toBe(reference);
    }
  });

  it('is small: a version 1 code (21 modules) for a reference code', () => {
    expect(qrMatrix('7KD-M2Q-9XF').size).toBe(21);
  });

  it('leaves the quiet zone empty', () => {
    const matrix = qrMatrix('7KD-M2Q-9XF');
    const grid = rasterisePath(qrSvgPath(matrix), matrix.size + 2 * QUIET_ZONE);
    const inCode = (n: number) => n >= QUIET_ZONE && n < QUIET_ZONE + matrix.size;
    const darkOutside = grid.flatMap((row, y) => row.filter((dark, x) => dark && !(inCode(x) && inCode(y))));
    expect(darkOutside).toEqual([]);
  });
});
