// What an open inbox holds, in memory only: forgotten with the session (Lock, or leaving the page).
import type { AgencyPrivateKey } from '../contract/openSealedReport';
import type { OpenedCache } from './openEntries';

export interface InboxSession {
  /** Sent as "Authorization: Bearer …" to the receiver that serves the page, and to nothing else; empty behind single sign-on. */
  credential: string;
  /** Not extractable: no script can read the key out of them. */
  keys: readonly AgencyPrivateKey[];
  /** The reports opened so far, so that a page seen again is not decrypted again. */
  opened: OpenedCache;
}

