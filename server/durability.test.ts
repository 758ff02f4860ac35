// An acknowledged report survives the receiver's restart, and so does its receipt.
import { request } from 'node:http';
import { expect, it } from 'vitest';
import { envelopeFor, getReport, postReport, startTestReceiver, storedReport, type Acknowledgement } from './testSupport';

it('keeps reports and receipts across a restart on the same database file', async () => {
  const first = await startTestReceiver();
  const envelope = await envelopeFor(storedReport());
  const ack = (await (await postReport(first, envelope)).json()) as Acknowledgement;
  await first.close();

  const second = await startTestReceiver({ dbPath: first.dbPath });

  const stored = await getReport(second, envelope.id);
  expect(stored.status).toBe(200);
  expect(await stored.json()).toEqual({ ...envelope, receiptId: ack.receiptId, receivedAt: ack.receivedAt });
  const replay = await postReport(second, envelope);
  expect(replay.status).toBe(200);
  expect(await replay.json()).toEqual(ack);
});

it('can be closed twice', async () => {
  const receiver = await startTestReceiver();
  await receiver.close();
  await expect(receiver.close()).resolves.toBeUndefined();
});

it('closes even while a client stalls in the middle of a body', async () => {
  const receiver = await startTestReceiver();
  const stalled = new Promise<void>((resolve) => {
    const req = request(receiver.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' } });
    req.on('error', () => resolve());
    req.write('{"id":'); // and never the rest
  });
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the request reach the receiver

  await receiver.close();
  await stalled; // the client was cut off
});
