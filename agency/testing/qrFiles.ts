// For the tests of `agency verify`: a QR code as a PNG picture, and as a PDF
// that draws it as a browser prints the receipt does, with filled rectangles
// in a flipped coordinate system (y downwards, as on screen) inside the page's.
import { correction, generate } from 'lean-qr';
import { PNG } from 'pngjs';

const QUIET_ZONE = 4;

/** The code's dark modules, row by row. */
function modules(text: string): { size: number; dark: (x: number, y: number) => boolean } {
  const code = generate(text, { minCorrectionLevel: correction.M });
  return { size: code.size, dark: (x, y) => code.get(x, y) };
}

/** A PNG of the code, `scale` pixels a module, black on white with its quiet zone, on a wider grey page. */
export function pngOfQrCode(text: string, scale = 3, margin = 40): Buffer {
  const { size, dark } = modules(text);
  const side = (size + 2 * QUIET_ZONE) * scale + 2 * margin;
  const png = new PNG({ width: side, height: side });
  png.data.fill(255);
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      const inMargin = px < margin || py < margin || px >= side - margin || py >= side - margin;
      const x = Math.floor((px - margin) / scale) - QUIET_ZONE;
      const y = Math.floor((py - margin) / scale) - QUIET_ZONE;
      const value = inMargin ? 200 : x >= 0 && y >= 0 && x < size && y < size && dark(x, y) ? 0 : 255;
      png.data.fill(value, (py * side + px) * 4, (py * side + px) * 4 + 3);
    }
  }
  return PNG.sync.write(png);
}

/** A one-page A4 PDF, uncompressed, with `content` as its page's content stream. */
function pdfWithContent(content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF page with the code at 0.6 mm a module, each dark run of a row a filled rectangle, and a few lines of other drawing around it. */
export function pdfOfQrCode(text: string): Buffer {
  const { size, dark } = modules(text);
  const runs: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!dark(x, y) || (x > 0 && dark(x - 1, y))) continue;
      let end = x;
      while (end < size && dark(end, y)) end++;
      runs.push(`${x + QUIET_ZONE} ${y + QUIET_ZONE} ${end - x} 1 re`);
    }
  }
  const module = 0.6 * (72 / 25.4);
  return pdfWithContent(
    [
      '0 0 0 rg 40 800 515 1 re f', // a rule across the page
      `q 1 0 0 -1 0 842 cm q ${module} 0 0 ${module} 320 60 cm 1 1 1 rg 0 0 ${size + 8} ${size + 8} re f 0 0 0 rg`,
      ...runs,
      'f Q Q',
      '0 0 0 rg 40 100 200 90 re f', // a filled box
    ].join('\n'),
  );
}
