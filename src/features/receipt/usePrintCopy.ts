// Which copy of a receipt is being printed, and when. The count is stored per
// report (printCount.ts); while the browser prints, the copy shown is frozen,
// so the stored count changing under it cannot relabel the page.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { readPrintRecord, recordPrint } from './printCount';

export interface PrintCopy {
  /** 1 for the first print; more means a reprint. */
  copy: number;
  printedAt: Date;
}

/** The Print button and the browser's own print command both fire; count them once. */
const SAME_PRINT_MS = 3000;

export function usePrintCopy(id: string): { current: PrintCopy | undefined; print: () => void } {
  const stored = useLiveQuery(() => readPrintRecord(id), [id]);
  const [printing, setPrinting] = useState<PrintCopy>();
  const [previewAt, setPreviewAt] = useState(() => new Date());
  const storedCount = stored?.count ?? 0;
  // For the event handlers: the stored count, and the last copy this page printed
  // (ahead of the stored count until the write lands).
  const storedCountRef = useRef(0);
  const lastCopy = useRef(0);
  const lastMarkedAt = useRef(0);
  useEffect(() => {
    storedCountRef.current = storedCount;
  }, [storedCount]);

  const markPrint = useCallback(() => {
    const now = Date.now();
    if (now - lastMarkedAt.current < SAME_PRINT_MS) return;
    lastMarkedAt.current = now;
    lastCopy.current = Math.max(lastCopy.current, storedCountRef.current) + 1;
    const copy = { copy: lastCopy.current, printedAt: new Date(now) };
    // The page is laid out for printing right after this event: render now.
    flushSync(() => setPrinting(copy));
    void recordPrint(id, copy.printedAt);
  }, [id]);

  useEffect(() => {
    const afterPrint = () => {
      lastMarkedAt.current = 0;
      setPrinting(undefined);
      setPreviewAt(new Date());
    };
    window.addEventListener('beforeprint', markPrint);
    window.addEventListener('afterprint', afterPrint);
    return () => {
      window.removeEventListener('beforeprint', markPrint);
      window.removeEventListener('afterprint', afterPrint);
    };
  }, [markPrint]);

  const print = useCallback(() => {
    markPrint();
    window.print();
  }, [markPrint]);

  const current = printing ?? (stored ? { copy: storedCount + 1, printedAt: previewAt } : undefined);
  return { current, print };
}
