// The text of a receipt's QR code, read from a PNG picture (a screenshot, a
// scan) or from the receipt's PDF as the browser printed it. A PDF draws the
// code as vector paths, not as a picture: the module grid is rebuilt from the
// filled rectangles of its drawing operators (pdf.js, through unpdf), in page
// coordinates, then drawn into pixels and read by jsQR like any picture.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** A file that is not what its name says (not a PNG, not a PDF). */
export class UnreadableFileError extends Error {}

/** The text of the first QR code in RGBA pixels, or undefined. */
function readPixels(data: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsQR(data, width, height)?.data || undefined;
}

/** The QR code in a PNG picture. */
export function qrTextFromPng(bytes: Uint8Array): string | undefined {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes));
  } catch {
    throw new UnreadableFileError('not a PNG picture');
  }
  return readPixels(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
}

/** An axis-aligned rectangle in page coordinates (PDF: y grows upwards). */
export interface Rect {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

const QUIET_ZONE = 4;
const PIXELS_PER_MODULE = 4;

/**
 * The module grid (true: dark) drawn by filled rectangles, each a whole
 * number of modules: the module is the thinnest rectangle's side, the grid
 * starts at the top-left corner of them all. Undefined unless they make a
 * square at least as large as the smallest QR code (21 modules).
 */
export function moduleGrid(rects: readonly Rect[]): boolean[][] | undefined {
  if (rects.length < 3) return undefined;
  const module = Math.min(...rects.map((rect) => Math.min(rect.right - rect.left, rect.top - rect.bottom)));
  if (!(module > 0)) return undefined;
  const left = Math.min(...rects.map((rect) => rect.left));
  const top = Math.max(...rects.map((rect) => rect.top));
  const width = Math.round((Math.max(...rects.map((rect) => rect.right)) - left) / module);
  const height = Math.round((top - Math.min(...rects.map((rect) => rect.bottom))) / module);
  if (width !== height || width < 21) return undefined;
  const grid = Array.from({ length: width }, () => Array<boolean>(width).fill(false));
  for (const rect of rects) {
    const [x0, x1] = [Math.round((rect.left - left) / module), Math.round((rect.right - left) / module)];
    const [y0, y1] = [Math.round((top - rect.top) / module), Math.round((top - rect.bottom) / module)];
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) (grid[y] as boolean[])[x] = true;
  }
  return grid;
}

/** The text of a module grid, drawn black on white with its quiet zone and read. */
export function readModuleGrid(grid: readonly (readonly boolean[])[]): string | undefined {
  const side = (grid.length + 2 * QUIET_ZONE) * PIXELS_PER_MODULE;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < PIXELS_PER_MODULE; dy++) {
        const start = (((y + QUIET_ZONE) * PIXELS_PER_MODULE + dy) * side + (x + QUIET_ZONE) * PIXELS_PER_MODULE) * 4;
        for (let offset = 0; offset < PIXELS_PER_MODULE * 4; offset += 4) pixels.fill(0, start + offset, start + offset + 3);
      }
    }),
  );
  return readPixels(pixels, side, side);
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `inner` applied first, then `outer` (PDF's `cm`: the new matrix times the current one). */
const multiply = ([a1, b1, c1, d1, e1, f1]: Matrix, [a2, b2, c2, d2, e2, f2]: Matrix): Matrix => [
  a1 * a2 + b1 * c2,
  a1 * b2 + b1 * d2,
  c1 * a2 + d1 * c2,
  c1 * b2 + d1 * d2,
  e1 * a2 + f1 * c2 + e2,
  e1 * b2 + f1 * d2 + f2,
];
const apply = ([a, b, c, d, e, f]: Matrix, x: number, y: number): [number, number] => [a * x + c * y + e, b * x + d * y + f];

/** pdf.js's path segments (DrawOPS): moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4. */
const MOVE_TO = 0;
const LINE_TO = 1;
const CLOSE_PATH = 4;

/** The closed axis-aligned rectangles of a path, in page coordinates; undefined if it draws anything else. */
function rectanglesOf(path: ArrayLike<number>, matrix: Matrix): Rect[] | undefined {
  const rects: Rect[] = [];
  let points: [number, number][] = [];
  for (let i = 0; i < path.length; ) {
    const op = path[i];
    if (op === MOVE_TO || op === LINE_TO) {
      if (op === MOVE_TO && points.length > 0) return undefined;
      points.push(apply(matrix, path[i + 1] as number, path[i + 2] as number));
      i += 3;
    } else if (op === CLOSE_PATH) {
      const xs = [...new Set(points.map(([x]) => Math.round(x * 1000) / 1000))];
      const ys = [...new Set(points.map(([, y]) => Math.round(y * 1000) / 1000))];
      if (xs.length !== 2 || ys.length !== 2 || points.length < 4 || points.length > 5) return undefined;
      rects.push({ left: Math.min(...xs), right: Math.max(...xs), bottom: Math.min(...ys), top: Math.max(...ys) });
      points = [];
      i += 1;
    } else {
      return undefined; // a curve: not a QR code's module
    }
  }
  return points.length === 0 ? rects : undefined;
}

/** pdf.js before Node 22 needs ArrayBuffer's `transferToFixedLength` (ES2024); a copy serves. */
function ensureArrayBufferTransfer(): void {
  const prototype = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
  prototype.transferToFixedLength ??= function (this: ArrayBuffer, length = this.byteLength) {
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
    return copy;
  };
}

/** The text of the first QR code drawn on any page of a PDF. */
export async function qrTextFromPdf(bytes: Uint8Array): Promise<string | undefined> {
  ensureArrayBufferTransfer();
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf');
  const { OPS } = await getResolvedPDFJS();
  let document;
  try {
    // Verbosity 0: pdf.js's warnings about a damaged file would mix with the verdict on the terminal.
    document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch {
    throw new UnreadableFileError('not a PDF document');
  }
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const { fnArray, argsArray } = await (await document.getPage(number)).getOperatorList();
      const stack: Matrix[] = [];
      let matrix = IDENTITY;
      for (let i = 0; i < fnArray.length; i++) {
        const fn = fnArray[i];
        const args = argsArray[i] as unknown[] | null;
        if (fn === OPS.save) stack.push(matrix);
        else if (fn === OPS.restore) matrix = stack.pop() ?? IDENTITY;
        else if (fn === OPS.transform) matrix = multiply(args as Matrix, matrix);
        else if (fn === OPS.paintFormXObjectBegin) {
          stack.push(matrix);
          if (Array.isArray(args?.[0])) matrix = multiply(args[0] as Matrix, matrix);
        } else if (fn === OPS.paintFormXObjectEnd) matrix = stack.pop() ?? IDENTITY;
        else if (fn === OPS.constructPath && (args?.[0] === OPS.fill || args?.[0] === OPS.eoFill)) {
          const path = (args[1] as ArrayLike<number>[] | undefined)?.[0];
          const rects = path ? rectanglesOf(path, matrix) : undefined;
          const grid = rects ? moduleGrid(rects) : undefined;
          const text = grid ? readModuleGrid(grid) : undefined;
          if (text) return text;
        }
      }
    }
    return undefined;
  } finally {
    await document.destroy();
  }
}
