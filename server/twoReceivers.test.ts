// Receivers hold no state of their own: two receiver processes on one
// database, started together on a fresh one, take a storm of identical and
// conflicting POSTs and batches split between them, and every id is stored
// once, every copy of the stored version gets its receipt and the one signed
// acknowledgement stored with it, every other version 409.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ReportEnvelope } from '../src/contract/envelope';
import { ENGINES, queryDatabase, temporaryDatabase } from './testing/databases';
import { startReceiverProcess, type ReceiverProcess } from './testing/receiverProcess';
import { envelopeFor, storedReport } from './testSupport';
import { seededRandom } from '../src/contract/testing/seededRandom';

const REPORTS = 24;
const SENDS = 240;
const IN_FLIGHT = 16;
const MAX_BATCH = 6;
/** A 503 (SQLite busy) means "not received, retry", as the app does. */
const RETRIES_ON_503 = 5;

interface Answer {
  envelope: ReportEnvelope;
  status: number;
  receiptId?: string;
  acknowledgement?: string;
}

type Send = { receiver: ReceiverProcess; envelopes: ReportEnvelope[]; batch: boolean };

async function post(send: Send): Promise<Answer[]> {
  for (let attempt = 0; ; attempt += 1) {
    const [single] = send.envelopes;
    const response = await fetch(send.batch ? `${send.receiver.endpoint}/batch` : send.receiver.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(send.batch ? {} : { 'Idempotency-Key': single?.id ?? '' }) },
      body: JSON.stringify(send.batch ? { reports: send.envelopes } : single),
    });
    if (response.status === 503 && attempt < RETRIES_ON_503) {
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    type Acknowledged = { receiptId?: string; acknowledgement?: string };
    const body = (await response.json()) as Acknowledged & { results?: (Acknowledged & { status: number })[] };
    if (!send.batch) {
      return [{ envelope: single as ReportEnvelope, status: response.status, receiptId: body.receiptId, acknowledgement: body.acknowledgement }];
    }
    expect(response.status).toBe(200);
    return send.envelopes.map((envelope, index) => ({
      envelope,
      status: body.results?.[index]?.status ?? 0,
      receiptId: body.results?.[index]?.receiptId,
      acknowledgement: body.results?.[index]?.acknowledgement,
    }));
  }
}

describe.each(ENGINES)('two receiver processes on one %s database', (engine) => {
  it('store each id once, acknowledge every copy with the first receipt and its one signature, and refuse every other version', async () => {
    const database = await temporaryDatabase(engine);
    // Started together on a fresh database: their migrations race too.
    const receivers = await Promise.all([startReceiverProcess({ RECEIVER_DB: database }), startReceiverProcess({ RECEIVER_DB: database })]);
    onTestFinished(() => Promise.all(receivers.map((receiver) => receiver.stop())).then(() => undefined));

    // Each report in two versions under one id.
    const versions = await Promise.all(
      Array.from({ length: REPORTS }, async (_, index) => {
        const narrative = (version: string) => storedReport((input) => (input.incident.narrative = `Report ${index}, version ${version}.`));
        const a = await envelopeFor(narrative('A'));
        return [a, await envelopeFor(narrative('B'), a.id)] as const;
      }),
    );
    const random = seededRandom(18);
    const pick = () => {
      const pair = versions[Math.floor(random() * REPORTS)] as readonly [ReportEnvelope, ReportEnvelope];
      return random() < 0.8 ? pair[0] : pair[1];
    };
    const sends: Send[] = Array.from({ length: SENDS }, (_, index) => {
      const batch = random() < 0.4;
      const size = batch ? 1 + Math.floor(random() * MAX_BATCH) : 1;
      return { receiver: receivers[index % 2] as ReceiverProcess, envelopes: Array.from({ length: size }, pick), batch };
    });

    const answers: Answer[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < sends.length) answers.push(...(await post(sends[next++] as Send)));
      }),
    );

    const rows = await queryDatabase<{ id: string; content_hash: string; receipt_id: string; acknowledgement: string }>(
      database,
      'SELECT id, content_hash, receipt_id, acknowledgement FROM reports',
    );
    const sentIds = new Set(answers.map((answer) => answer.envelope.id));
    expect(rows).toHaveLength(sentIds.size);
    expect(new Set(rows.map((row) => row.id))).toEqual(sentIds);
    for (const row of rows) {
      expect(row.acknowledgement).toEqual(expect.any(String));
      const forId = answers.filter((answer) => answer.envelope.id === row.id);
      expect(forId.filter((answer) => answer.status === 201)).toHaveLength(1);
      for (const answer of forId) {
        if (answer.envelope.contentHash === row.content_hash) {
          expect([200, 201]).toContain(answer.status);
          expect(answer.receiptId).toBe(row.receipt_id);
          expect(answer.acknowledgement).toBe(row.acknowledgement);
        } else {
          expect(answer.status).toBe(409);
        }
      }
    }
  }, 90_000);
});
