// The receipt's QR code, as a module matrix and an SVG path: vector output
// prints crisply at any size and needs no canvas. It carries only the reference code.
import { correction, generate } from 'lean-qr/nano';

/** The quiet zone every reader needs around the code, in modules (ISO 18004). */
export const QUIET_ZONE = 4;

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** True for a dark module; false outside the code. */
  dark(x: number, y: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const code = generate(text, { minCorrectionLevel: correction.M });
  return { size: code.size, dark: (x, y) => code.get(x, y) };
}

/** One SVG path drawing every dark module, offset by the quiet zone; runs along a row are merged. */
export function qrSvgPath(matrix: QrMatrix): string {
  const parts: string[] = [];
  for (let y = 0; y < matrix.size; y++) {
    let x = 0;
    while (x < matrix.size) {
      if (!matrix.dark(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < matrix.size && matrix.dark(x, y)) x++;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`);
    }
  }
  return parts.join('');
}
