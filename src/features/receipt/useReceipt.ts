// The receipt of one outbox item of the unlocked profile, live: it changes
// when the report is acknowledged. The sealed receipt part is opened outside
// the live query, which must await only the database.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { db, type OutboxItem } from '../../storage/db';
import { openReceiptDetails, type ReceiptDetails } from '../../vault/content';
import { receiptContentHash, receiptView, type ReceiptView } from './receiptView';
import { currentSession, subscribeSession } from '../../vault/session';

export interface LiveReceipt {
  view: ReceiptView;
  /** "sha256:<hex>"; '' until it has been computed. */
  contentHash: string;
}

/** undefined while loading, null when there is no such report of this profile on this device. */
export function useReceipt(id: string): LiveReceipt | null | undefined {
  const session = useSyncExternalStore(subscribeSession, currentSession);
  const profileId = session?.profileId;
  const item = useLiveQuery(
    () => db.outbox.get(id).then((found): OutboxItem | null => (found && found.profileId === profileId ? found : null)),
    [id, profileId],
  );
  const [opened, setOpened] = useState<{ id: string; details?: ReceiptDetails; hash: string }>();
  const sealedReceipt = item?.sealedReceipt;

  useEffect(() => {
    if (!item || !session) return;
    let current = true;
    void Promise.all([openReceiptDetails(session, item), receiptContentHash(item)]).then(([details, hash]) => {
      if (current) setOpened({ id: item.id, hash, ...(details ? { details } : {}) });
    });
    return () => {
      current = false;
    };
    // The receipt part changes only when the report is filed or corrected.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item?.id, sealedReceipt, session]);

  if (item === undefined) return undefined;
  if (item === null) return null;
  if (opened?.id !== item.id) return undefined;
  const view = receiptView(item, opened.details);
  return { view, contentHash: view.contentHash || opened.hash };
}
