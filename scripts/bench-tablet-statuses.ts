// The tablet's status request (issue 17): N acknowledged reports, each with a
// status an officer set (and a note), asked about in one GET by the sync
// engine against the reference receiver started in-process. Prints the bytes
// sent and received and the time: the request alone (HTTP and the receiver's
// query), and the whole step (asking, checking every signature, keeping the
// changes). A second figure re-asks when nothing changed (the usual hourly
// question): the changes kept are not checked again. Node on this machine,
// not a tablet: the signature checks are what a slow tablet multiplies.
//
//   npm run bench:tablet-statuses [-- --reports 500 --runs 5]
//
// The receiver's side of the same request (its query, on SQLite and PostgreSQL) is
// npm run bench:statuses (scripts/bench/receiverStatuses.ts).
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startReceiver } from '../server/receiver';
import { TEST_RECEIVER_SIGNING } from '../server/testing/testSigning';
import { MAX_STATUS_IDS } from '../src/contract/reportStatus';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';
import { TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';
import { openDatabase } from '../src/storage/db';
import { createSyncEngine } from '../src/sync/syncEngine';
import type { FetchLike } from '../src/sync/transport';
import { pinAgencyKeys, pinnedAgencySigningKeys } from '../src/vault/agencyKeys';
import { queuedItems } from './bench-sync';
import { setStatusOk } from '../server/testing/officerRequests';

const OFFICER_TOKEN = 'bench-officer-credential';
const NOTE = '已受理。民警将在今天与学校联系，请保持电话畅通。';

interface Exchange {
  /** The request line and headers as sent (HTTP/1.1), in bytes. */
  sentBytes: number;
  /** The answer's status line, headers and body, in bytes. */
  receivedBytes: number;
  bodyBytes: number;
  /** From the request to the whole body read. */
  ms: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
const headerBytes = (headers: Iterable<[string, string]>) => [...headers].reduce((sum, [name, value]) => sum + utf8(`${name}: ${value}\r\n`), 0);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: String(MAX_STATUS_IDS) }, runs: { type: 'string', default: '5' } } });
  const count = Number(values.reports);
  const runs = Number(values.runs);
  if (!Number.isInteger(count) || count < 1 || count > MAX_STATUS_IDS) throw new RangeError(`--reports must be 1 to ${MAX_STATUS_IDS}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('--runs must be a positive integer');

  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-statuses-'));
  const receiver = await startReceiver({
    database: path.join(folder, 'reports.sqlite'),
    port: 0,
    host: '127.0.0.1',
    agencyKeyIds: TEST_AGENCY_KEYS.map((key) => key.kid),
    ...TEST_RECEIVER_SIGNING,
    officerToken: OFFICER_TOKEN,
    token: 'bench-tablet-token',
    log: () => {},
  });
  const db = openDatabase(`bench-statuses-${crypto.randomUUID()}`);
  try {
    const items = await queuedItems(count);
    await db.outbox.bulkAdd(items);
    await pinAgencyKeys({ agencySigningKeys: TEST_SIGNING_KEYS }, db);

    const exchanges: Exchange[] = [];
    const measuring: FetchLike = async (url, init) => {
      if (!new URL(url).pathname.endsWith('/status')) return fetch(url, init);
      const started = performance.now();
      const target = new URL(url);
      const sent = utf8(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n`) + headerBytes(new Headers(init.headers).entries()) + 2;
      const response = await fetch(url, init);
      const body = await response.text();
      const ms = performance.now() - started;
      const bodyBytes = utf8(body);
      exchanges.push({ sentBytes: sent, bodyBytes, receivedBytes: utf8(`HTTP/1.1 ${response.status} ${response.statusText}\r\n`) + headerBytes(response.headers.entries()) + 2 + bodyBytes, ms });
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
    const engine = createSyncEngine({
      db,
      getConfig: async () => ({ endpoint: receiver.endpoint, token: 'bench-tablet-token' }),
      getSigningKeys: () => pinnedAgencySigningKeys(db),
      fetch: measuring,
    });
    while ((await db.outbox.where('status').equals('acknowledged').count()) < count) await engine.syncNow();

    for (const { id } of items) await setStatusOk(receiver, id, { status: 'accepted', note: NOTE }, { token: OFFICER_TOKEN });

    /** One pass that asks about every report: as if each was last asked an hour ago, with what it keeps (`fresh`: nothing). */
    const askAll = async (fresh: boolean) => {
      await db.outbox.toCollection().modify((item) => {
        item.statusCheckedAt = 0;
        if (fresh) {
          delete item.statusChange;
          item.awaiting = 'reply';
        }
      });
      exchanges.length = 0;
      const started = performance.now();
      const summary = await engine.syncNow();
      const ms = performance.now() - started;
      const statuses = summary.statuses;
      const expected = fresh ? count : 0;
      if (statuses?.asked !== count || statuses.taken !== expected || statuses.ignored !== 0 || exchanges.length !== 1) {
        throw new Error(`The pass did not ask about every report as expected: ${JSON.stringify(statuses)}, ${exchanges.length} requests`);
      }
      return { exchange: exchanges[0] as Exchange, ms };
    };

    await askAll(true); // warm-up: the JIT, jose's first import, the key's import
    const firstTime = [];
    const unchanged = [];
    for (let run = 0; run < runs; run++) {
      firstTime.push(await askAll(true));
      unchanged.push(await askAll(false));
    }
    const { exchange } = firstTime[0] as { exchange: Exchange };
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`The tablet's status request for ${count} acknowledged reports, each accepted with a ${NOTE.length}-character note (${runs} runs, medians; Node on this machine, receiver on 127.0.0.1, SQLite):`);
    console.log(`  sent      ${kb(exchange.sentBytes)} (request line with ${count} ids, headers with the token)`);
    console.log(`  received  ${kb(exchange.receivedBytes)} (${kb(exchange.bodyBytes)} of JSON: ${count} signed changes, ${Math.round(exchange.bodyBytes / count)} bytes each)`);
    console.log(`  request alone (HTTP and the receiver's query)      ${median(firstTime.map((run) => run.exchange.ms)).toFixed(0)} ms`);
    console.log(`  whole step, ${count} new changes (every signature checked, kept)  ${median(firstTime.map((run) => run.ms)).toFixed(0)} ms`);
    console.log(`  whole step, nothing new (the changes kept come back, not checked again)  ${median(unchanged.map((run) => run.ms)).toFixed(0)} ms`);
  } finally {
    await db.delete();
    await receiver.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
