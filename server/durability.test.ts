// An acknowledged report survives the receiver's restart, and so does its receipt.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { envelopeFor, getReport, postReport, startTestReceiver, storedReport, type Acknowledgement } from './testSupport';
import { ENGINES } from './testing/databases';

describe.each(ENGINES)('durability on %s', (engine) => {
  it('keeps reports and receipts across a restart on the same database file', async () => {
    const first = await startTestReceiver({ engine });
    const envelope = await envelopeFor(storedReport());
    const ack = (await (await postReport(first, envelope)).json()) as Acknowledgement;
    await first.close();

    const second = await startTestReceiver({ engine, database: first.database });

    const stored = await getReport(second, envelope.id);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toEqual({ ...envelope, receiptId: ack.receiptId, receivedAt: ack.receivedAt });
    const replay = await postReport(second, envelope);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(ack);
  });

  it('can be closed twice', async () => {
    const receiver = await startTestReceiver({ engine });
    await receiver.close();
    await expect(receiver.close()).resolves.toBeUndefined();
  });

  it('finishes a request under way when it is closed, and keeps its report', async () => {
    const receiver = await startTestReceiver({ engine });
    const envelope = await envelopeFor(storedReport());
    const body = JSON.stringify(envelope);
    const req = request(receiver.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': envelope.id, 'Content-Length': String(Buffer.byteLength(body)) },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the request reach the receiver

    const closing = receiver.close();
    req.end(body.slice(100));

    expect(await answered).toBe(201);
    await closing;
    const after = await startTestReceiver({ engine, database: receiver.database });
    expect((await getReport(after, envelope.id)).status).toBe(200);
  });

  it('closes even while a client stalls in the middle of a body', async () => {
    const receiver = await startTestReceiver({ engine });
    const stalled = new Promise<void>((resolve) => {
      const req = request(receiver.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"id":'); // and never the rest
    });
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the request reach the receiver

    await receiver.close();
    await stalled; // the client was cut off
  });
});
