// The header's words for the connection: what is wrong decides what the user
// does. With no network they look for a signal; with a network the receiving
// agency's server is not answering, and looking for a signal would not help.
import type { MessageKey } from '../i18n/zh-CN';
import type { Reachability } from './connectivity';

export interface ConnectionWords {
  /** The state, in two or three words. */
  state: MessageKey;
  /** What it means for the user's reports; none when the time of the last send says it. */
  detail?: MessageKey;
}

export function connectionWords(reachability: Reachability, browserOnline: boolean): ConnectionWords {
  switch (reachability) {
    case 'checking':
      return { state: 'connection.checking' };
    case 'online':
      return { state: 'connection.online' };
    case 'offline':
      return browserOnline
        ? { state: 'connection.receiverDown', detail: 'connection.receiverDownDetail' }
        : { state: 'connection.noNetwork', detail: 'connection.noNetworkDetail' };
    case 'refused':
      return { state: 'connection.refused', detail: 'connection.refusedDetail' };
    case 'notConfigured':
      return { state: 'connection.notConfigured', detail: 'connection.notConfiguredDetail' };
    case 'endpointUnusable':
      return { state: 'connection.endpointUnusable', detail: 'connection.endpointUnusableDetail' };
  }
}
