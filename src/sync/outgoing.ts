// A report ready to go: its envelope written out once, for measuring a batch
// and for sending. The report is in clear for the request only; what is
// stored stays sealed.
import { writeEnvelope } from '../contract/protocol';
import type { Report } from '../contract/schema';
import type { OutboxItem } from '../storage/db';

export interface Outgoing {
  item: OutboxItem;
  json: string;
}

export function outgoing(item: OutboxItem, report: Report): Outgoing {
  return { item, json: JSON.stringify(writeEnvelope({ ...item, report })) };
}
