// The hooks the end-to-end suite uses to play a failing receiver.
import { describe, expect, it } from 'vitest';
import { envelopeFor, postReport, startTestReceiver, storedReport, type Acknowledgement } from './testSupport';
import { ENGINES } from './testing/databases';

const setFaults = (url: string, faults: Record<string, unknown>) =>
  fetch(`${url}/__test__/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(faults) });

async function count(url: string): Promise<{ reports: number; rows: { id: string; contentHash: string }[] }> {
  return (await (await fetch(`${url}/__test__/count`)).json()) as { reports: number; rows: { id: string; contentHash: string }[] };
}

describe.each(ENGINES)('the test hooks on %s', (engine) => {
  describe('test hooks', () => {
    it('fails the next n report POSTs with the status asked for, storing nothing', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await envelopeFor(storedReport());
      expect((await setFaults(receiver.url, { failNext: 2, status: 503, retryAfter: 7 })).status).toBe(200);

      const first = await postReport(receiver, envelope);
      const second = await postReport(receiver, envelope);
      expect([first.status, second.status]).toEqual([503, 503]);
      expect(first.headers.get('retry-after')).toBe('7');
      expect((await count(receiver.url)).reports).toBe(0);

      expect((await postReport(receiver, envelope)).status).toBe(201);
    });

    it('stores a report but drops the acknowledgement, and the retry gets the same receipt', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await envelopeFor(storedReport());
      await setFaults(receiver.url, { dropAfterStore: 1 });

      await expect(postReport(receiver, envelope)).rejects.toThrow();
      expect(await count(receiver.url)).toEqual({ reports: 1, rows: [{ id: envelope.id, contentHash: envelope.contentHash }] });

      const retry = await postReport(receiver, envelope);
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as Acknowledgement).contentHash).toBe(envelope.contentHash);
      expect((await count(receiver.url)).reports).toBe(1);
    });

    it('does not drop a rejection', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      await setFaults(receiver.url, { dropAfterStore: 1 });
      const envelope = await envelopeFor(storedReport());
      expect((await postReport(receiver, { ...envelope, schemaVersion: 99 })).status).toBe(400);
      await expect(postReport(receiver, envelope)).rejects.toThrow();
    });

    it('resets the table and the faults', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      await postReport(receiver, await envelopeFor(storedReport()));
      await setFaults(receiver.url, { failNext: 5 });

      expect((await fetch(`${receiver.url}/__test__/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' } })).status).toBe(200);

      expect((await count(receiver.url)).reports).toBe(0);
      expect((await postReport(receiver, await envelopeFor(storedReport()))).status).toBe(201);
    });

    it('refuses a malformed fault plan', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      expect((await setFaults(receiver.url, { failNext: -1 })).status).toBe(400);
      expect((await setFaults(receiver.url, { failNext: 1, status: 200 })).status).toBe(400);
    });
  });
});
