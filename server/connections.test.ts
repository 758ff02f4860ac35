// What one client may hold: a request that takes too long to arrive is
// answered 408 and cut off, and connections past the cap are refused.
import { Agent, request } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { RunningReceiver } from './receiver';
import { openSocket, parseResponse, receivedUntilClosed, startTestReceiver, type ProblemBody } from './testSupport';

describe('the request timeout', () => {
  it.each([
    ['its headers', 'POST /api/reports HTTP/1.1\r\nHost: receiver\r\n', 'X-Trickle: '],
    ['its body', 'POST /api/reports HTTP/1.1\r\nHost: receiver\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n', ''],
  ])('answers 408 and closes a connection that trickles %s', async (_name, start, prefix) => {
    const receiver = await startTestReceiver({ requestTimeoutMs: 300 });
    const socket = await openSocket(receiver);
    const received = receivedUntilClosed(socket);
    socket.write(`${start}${prefix}`);
    // A byte now and then, so the connection is never idle, and never the whole request.
    const trickle = setInterval(() => socket.writable && socket.write('x'), 20);
    onTestFinished(() => clearInterval(trickle));

    const response = parseResponse(await received);

    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((JSON.parse(response.body) as ProblemBody).error).toBe('request_timeout');
  });
});

describe('the connection cap', () => {
  /** GET /api/health through an agent; whether the agent's open connection was used again. */
  function health(receiver: RunningReceiver, agent: Agent | false): Promise<{ status: number; reusedSocket: boolean }> {
    return new Promise((resolve, reject) => {
      const req = request(`${receiver.url}/api/health`, { agent }, (response) => {
        response.resume();
        response.once('end', () => resolve({ status: response.statusCode ?? 0, reusedSocket: req.reusedSocket }));
      });
      req.once('error', reject);
      req.end();
    });
  }

  it('refuses connections past the cap, keeps serving the ones it holds, and logs the refusal', async () => {
    const receiver = await startTestReceiver({ maxConnections: 2 });
    const agents = [new Agent({ keepAlive: true, maxSockets: 1 }), new Agent({ keepAlive: true, maxSockets: 1 })];
    onTestFinished(() => agents.forEach((agent) => agent.destroy()));
    for (const agent of agents) expect((await health(receiver, agent)).status).toBe(200);

    // Both connections stay open between requests (keep-alive): a third is one too many.
    await expect(health(receiver, false)).rejects.toThrow();

    expect(await health(receiver, agents[0] as Agent)).toEqual({ status: 200, reusedSocket: true });
    expect(receiver.logs.filter((line) => line.includes('connection refused'))).toHaveLength(1);
  });
});
