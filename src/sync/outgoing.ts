// A report ready to go: its envelope written out once, for measuring a batch
// and for sending. The report inside is the one sealed for the agency at
// filing, sent as it is: nothing is opened to send it.
import { writeEnvelope } from '../contract/protocol';
import type { OutboxItem } from '../storage/db';

export interface Outgoing {
  item: OutboxItem;
  json: string;
}

/** The envelope of a report sealed for the agency. */
export function outgoing(item: OutboxItem & { sealedForAgency: string }): Outgoing {
  return { item, json: JSON.stringify(writeEnvelope({ ...item, sealedReport: item.sealedForAgency })) };
}
