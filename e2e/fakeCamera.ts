// A camera for end-to-end tests: Chromium's fake capture device playing a
// Y4M video (raw YUV 4:2:0 frames) of a QR code, as a tablet's camera would
// see a receipt held in front of it.
import { writeFileSync } from 'node:fs';
import { QUIET_ZONE, qrMatrix } from '../src/features/receipt/qrMatrix';

const WIDTH = 640;
const HEIGHT = 480;
/** Video levels: black and white as a camera records them. */
const [DARK, LIGHT] = [16, 235];

/** Writes a Y4M file whose frames show the QR code of `text`, grey around it, and returns its path. */
export function writeQrVideo(file: string, text: string): string {
  const matrix = qrMatrix(text);
  const side = matrix.size + 2 * QUIET_ZONE;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / side);
  const [left, top] = [Math.floor((WIDTH - side * scale) / 2), Math.floor((HEIGHT - side * scale) / 2)];
  const luma = Buffer.alloc(WIDTH * HEIGHT, 128);
  for (let y = 0; y < side * scale; y++) {
    for (let x = 0; x < side * scale; x++) {
      const [mx, my] = [Math.floor(x / scale) - QUIET_ZONE, Math.floor(y / scale) - QUIET_ZONE];
      const dark = mx >= 0 && my >= 0 && mx < matrix.size && my < matrix.size && matrix.dark(mx, my);
      luma[(top + y) * WIDTH + left + x] = dark ? DARK : LIGHT;
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
  return file;
}
