// Adversarial: copies of a report racing each other, as retries after a lost
// acknowledgement, two tabs or two receivers on one database produce them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportEnvelope } from '../src/contract/envelope';
import {
  envelopeFor,
  postReport,
  startTestReceiver,
  storedReport,
  type Acknowledgement,
} from './testSupport';
import { ENGINES } from './testing/databases';

interface CountBody {
  reports: number;
  rows: { id: string; contentHash: string }[];
}

async function rows(url: string): Promise<CountBody> {
  return (await (await fetch(`${url}/__test__/count`)).json()) as CountBody;
}

const withNarrative = (narrative: string) =>
  storedReport((input) => {
    input.incident.narrative = narrative;
  });

describe.each(ENGINES)('racing copies on %s', (engine) => {
  describe('racing copies of one report', () => {
    it('stores two identical POSTs sent at once once, and both get the same receipt', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await envelopeFor(storedReport());

      const responses = await Promise.all([postReport(receiver, envelope), postReport(receiver, envelope)]);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 201]);
      const [first, second] = (await Promise.all(responses.map((response) => response.json()))) as Acknowledgement[];
      expect(first?.receiptId).toBe(second?.receiptId);
      expect(first?.receivedAt).toBe(second?.receivedAt);
      expect(await rows(receiver.url)).toEqual({ reports: 1, rows: [{ id: envelope.id, contentHash: envelope.contentHash }] });
    });

    it('stores a report once when two receivers share the database file', async () => {
      const one = await startTestReceiver({ engine, testHooks: true });
      const two = await startTestReceiver({ engine, database: one.database });
      const envelope = await envelopeFor(storedReport());

      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, index) => postReport(index % 2 ? two : one, envelope)),
      );

      expect(responses.every((response) => response.status === 200 || response.status === 201)).toBe(true);
      expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
      const receipts = new Set(
        ((await Promise.all(responses.map((response) => response.json()))) as Acknowledgement[]).map((ack) => ack.receiptId),
      );
      expect(receipts.size).toBe(1);
      expect((await rows(one.url)).reports).toBe(1);
    });

    it('stores each report once and refuses its other version, whatever copies and versions race', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      // Three reports, each with two versions (A and B) that share its id.
      const reports = await Promise.all(
        [0, 1, 2].map(async (index) => {
          const a = await envelopeFor(withNarrative(`Report ${index}, version A.`));
          const b = await envelopeFor(withNarrative(`Report ${index}, version B.`), a.id);
          return [a, b] as const;
        }),
      );

      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ report: fc.integer({ min: 0, max: 2 }), version: fc.integer({ min: 0, max: 1 }) }), {
            minLength: 1,
            maxLength: 12,
          }),
          async (sends) => {
            await fetch(`${receiver.url}/__test__/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
            const envelopes: ReportEnvelope[] = sends.map(({ report, version }) => reports[report]![version]!);
            const responses = await Promise.all(envelopes.map((envelope) => postReport(receiver, envelope)));
            const bodies = (await Promise.all(responses.map((response) => response.json()))) as Acknowledgement[];
            const stored = await rows(receiver.url);

            const sentIds = new Set(envelopes.map((envelope) => envelope.id));
            expect(stored.reports).toBe(sentIds.size);
            for (const id of sentIds) {
              const row = stored.rows.find((candidate) => candidate.id === id);
              const answers = envelopes
                .map((envelope, index) => ({ envelope, status: responses[index]!.status, body: bodies[index]! }))
                .filter((answer) => answer.envelope.id === id);
              // One store per id; copies of the stored version acknowledged alike; the other version refused.
              expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
              for (const answer of answers) {
                if (answer.envelope.contentHash === row?.contentHash) {
                  expect([200, 201]).toContain(answer.status);
                  expect(answer.body.receiptId).toBe(answers.find((first) => first.status === 201)?.body.receiptId);
                } else {
                  expect(answer.status).toBe(409);
                }
              }
            }
          },
        ),
        { numRuns: 30 },
      );
    });
  });
});
