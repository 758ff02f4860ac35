import { useMemo, type CSSProperties } from 'react';
import { QUIET_ZONE, qrMatrix, qrSvgPath } from './qrMatrix';

/**
 * A QR code as inline SVG, black on white with its quiet zone. Its side in
 * modules is the CSS variable --qr-modules, so that a stylesheet can size it
 * to a whole number of pixels a module: a screenshot then reads back (jsQR
 * misreads large codes whose modules alternate between 3 and 4 pixels). Set
 * through the CSSOM, which the Content-Security-Policy allows.
 */
export function QrCode({ text, label, className }: { text: string; label: string; className?: string }) {
  const { side, path } = useMemo(() => {
    const matrix = qrMatrix(text);
    return { side: matrix.size + 2 * QUIET_ZONE, path: qrSvgPath(matrix) };
  }, [text]);
  return (
    <svg
      className={className}
      viewBox={`0 0 ${side} ${side}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      style={{ '--qr-modules': side } as CSSProperties}
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
