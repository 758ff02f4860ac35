// "No network" and "the agency is not answering" are told apart by the browser's own word on the network.
import { describe, expect, it } from 'vitest';
import { connectionWords } from './connectionWords';

describe('the connection words', () => {
  it('say "no network" only when the browser has none', () => {
    expect(connectionWords('offline', false).state).toBe('connection.noNetwork');
  });

  it('say the agency is not answering when the network is there but the receiver is not', () => {
    expect(connectionWords('offline', true)).toEqual({
      state: 'connection.receiverDown',
      detail: 'connection.receiverDownDetail',
    });
  });

  it('leave the detail line to the time of the last send while reports get through', () => {
    expect(connectionWords('online', true).detail).toBeUndefined();
  });
});
