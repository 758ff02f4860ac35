// For tests only (unit and end-to-end): reads a QR code drawn as qrSvgPath
// draws it, by filling its runs into a pixel buffer and decoding that with a
// real QR reader. No canvas, so it runs in Node.
import jsQR from 'jsqr';

const PIXELS_PER_MODULE = 4;
const RUN = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;

/** The modules a path of "M x y h w v1 h -w z" runs fills; throws on anything else in the path. */
export function rasterisePath(path: string, side: number): boolean[][] {
  const grid = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  const runs = [...path.matchAll(RUN)];
  if (runs.map((run) => run[0]).join('') !== path) throw new Error('Not a path of module runs');
  for (const [, x, y, width] of runs) {
    for (let dx = 0; dx < Number(width); dx++) (grid[Number(y)] as boolean[])[Number(x) + dx] = true;
  }
  return grid;
}

/** Black modules on white, a few pixels each, as RGBA. */
export function toRgba(grid: boolean[][]): { data: Uint8ClampedArray; width: number; height: number } {
  const width = grid.length * PIXELS_PER_MODULE;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      if (grid[Math.floor(py / PIXELS_PER_MODULE)]?.[Math.floor(px / PIXELS_PER_MODULE)]) {
        data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
      }
    }
  }
  return { data, width, height: width };
}

/** The text of a QR code given as an SVG path and its side in modules (with the quiet zone). */
export function decodeQrPath(path: string, side: number): string | undefined {
  const { data, width, height } = toRgba(rasterisePath(path, side));
  return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data;
}
