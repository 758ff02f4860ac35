// Reads a QR code from a camera frame or a picture, for "Check a receipt":
// with the browser's own BarcodeDetector where it has one that reads QR codes
// (Android, ChromeOS, macOS), else with jsQR, which is loaded on first use
// only, never with the app's first screen.

/** What the reader takes: a playing <video> (the camera) or a decoded picture. */
export type QrSource = HTMLVideoElement | ImageBitmap;

export interface QrReader {
  /** The text of the first QR code found in the source, or undefined. */
  read(source: QrSource): Promise<string | undefined>;
  /** Which decoder reads: the browser's or jsQR. */
  kind: 'native' | 'jsqr';
}

/** The largest side a frame is decoded at by jsQR: a receipt's code, filling part of a photo, still has 3-4 pixels a module. */
const MAX_DECODE_SIDE = 1600;

interface NativeDetector {
  detect(source: QrSource): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

/** The browser's QR detector, when it has one. */
async function nativeDetector(): Promise<NativeDetector | undefined> {
  const Detector = (globalThis as unknown as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (typeof Detector !== 'function') return undefined;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return undefined;
    return new Detector({ formats: ['qr_code'] });
  } catch {
    return undefined;
  }
}

const sizeOf = (source: QrSource): { width: number; height: number } =>
  'videoWidth' in source ? { width: source.videoWidth, height: source.videoHeight } : { width: source.width, height: source.height };

/** A reader: the browser's detector where there is one, else jsQR on a canvas. */
export async function openQrReader(): Promise<QrReader> {
  const detector = await nativeDetector();
  if (detector) {
    return {
      kind: 'native',
      read: async (source) => (await detector.detect(source)).find((code) => code.rawValue)?.rawValue,
    };
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    kind: 'jsqr',
    read: async (source) => {
      const { width, height } = sizeOf(source);
      if (!context || width === 0 || height === 0) return undefined;
      const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      // A receipt is dark on light, on paper or on a screen: no inverted pass, which would double the time a frame takes.
      return jsQR(data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' })?.data || undefined;
    },
  };
}

export type PictureReading = { text: string } | { problem: 'unreadable' | 'no_code' };

/** The QR code in a picture file (a photo of a receipt, a screenshot): its text, or why there is none. */
export async function readQrFromPicture(file: Blob): Promise<PictureReading> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { problem: 'unreadable' };
  }
  try {
    const text = await (await openQrReader()).read(bitmap);
    return text ? { text } : { problem: 'no_code' };
  } catch {
    return { problem: 'no_code' };
  } finally {
    bitmap.close();
  }
}
