// The receipt of one outbox item, live: it changes when the report is acknowledged.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { db } from '../outbox/db';
import { receiptContentHash, receiptView, type ReceiptView } from './receiptView';

export interface LiveReceipt {
  view: ReceiptView;
  /** "sha256:<hex>"; '' until it has been computed. */
  contentHash: string;
}

/** undefined while loading, null when there is no such report on this device. */
export function useReceipt(id: string): LiveReceipt | null | undefined {
  const view = useLiveQuery(() => db.outbox.get(id).then((item) => (item ? receiptView(item) : null)), [id]);
  const missingHash = view ? !view.contentHash : false;
  const [computed, setComputed] = useState<{ id: string; hash: string }>();

  useEffect(() => {
    // Reports queued before the hash was fixed at filing get it here; the hashing
    // stays out of the live query, which must await only the database.
    if (!missingHash) return;
    let current = true;
    void db.outbox
      .get(id)
      .then((item) => (item ? receiptContentHash(item) : ''))
      .then((hash) => {
        if (current) setComputed({ id, hash });
      });
    return () => {
      current = false;
    };
  }, [id, missingHash]);

  if (!view) return view;
  return { view, contentHash: view.contentHash || (computed?.id === id ? computed.hash : '') };
}
