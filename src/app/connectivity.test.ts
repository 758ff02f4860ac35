// The connection indicator's judgement: evidence over the browser's word, and
// the latest evidence wins.
import { describe, expect, it } from 'vitest';
import { createFakeClock, settle } from '../sync/testing/fakeClock';
import { createConnectivityMonitor, OFFLINE_RECHECK_MS, ONLINE_RECHECK_MS, type ProbeResult } from './connectivity';

function setup(answers: ProbeResult[] = []) {
  const clock = createFakeClock();
  const monitor = createConnectivityMonitor(clock);
  const script = [...answers];
  let probes = 0;
  let hold: Promise<void> | undefined;
  const probe = async (): Promise<ProbeResult> => {
    probes += 1;
    if (hold) await hold;
    return script.shift() ?? 'ok';
  };
  return {
    clock,
    monitor,
    probe,
    probes: () => probes,
    /** The next probes wait until the returned function is called. */
    holdProbes() {
      let release = () => undefined as void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

describe('the connectivity monitor', () => {
  it('is "checking" until the first probe answers, then says what the receiver did', async () => {
    const cases: [ProbeResult, string][] = [
      ['ok', 'online'],
      ['noAnswer', 'offline'],
      ['tokenRejected', 'refused'],
      ['unexpected', 'refused'],
      ['notConfigured', 'notConfigured'],
    ];
    for (const [answer, reachability] of cases) {
      const { monitor, probe } = setup([answer]);
      expect(monitor.getState().reachability).toBe('checking');
      monitor.start(probe);
      await settle();
      expect(monitor.getState().reachability, answer).toBe(reachability);
    }
  });

  it('trusts the browser only when it says offline', async () => {
    const { monitor, probe, clock } = setup(['ok']);
    monitor.start(probe, false);
    expect(monitor.getState().reachability).toBe('offline');
    await settle();
    // The probe answered after the browser's word: the receiver does answer.
    expect(monitor.getState().reachability).toBe('online');
    monitor.browserOffline();
    expect(monitor.getState()).toEqual({ reachability: 'offline', at: clock.now() });
  });

  it('takes a sent report as proof, and checks after a failure which kind it was', async () => {
    const { monitor, probe, probes, clock } = setup(['noAnswer', 'ok']);
    monitor.start(probe);
    await settle();
    expect(monitor.getState().reachability).toBe('offline');

    clock.advanceBy(1_000);
    monitor.reached(clock.now());
    expect(monitor.getState().reachability).toBe('online');
    expect(probes()).toBe(1);

    // A failed attempt (the receiver said 500, or the network went): a probe decides.
    clock.advanceBy(1_000);
    monitor.failed(clock.now());
    await settle();
    expect(probes()).toBe(2);
    expect(monitor.getState().reachability).toBe('online');

    // Older news changes nothing.
    monitor.failed(clock.now() - 5_000);
    await settle();
    expect(probes()).toBe(2);
  });

  it('lets newer evidence win over a probe that was out meanwhile', async () => {
    const harness = setup(['noAnswer']);
    const { monitor, probe, clock } = harness;
    const release = harness.holdProbes();
    monitor.start(probe);
    clock.advanceBy(500);
    monitor.reached(clock.now());
    release();
    await settle();
    expect(monitor.getState().reachability).toBe('online');
  });

  it('looks again often while offline and rarely while online, one probe at a time', async () => {
    const harness = setup(['noAnswer', 'noAnswer', 'ok', 'ok']);
    const { monitor, probe, probes, clock } = harness;
    monitor.start(probe);
    await settle();
    expect(probes()).toBe(1);
    clock.advanceBy(OFFLINE_RECHECK_MS);
    await settle();
    expect(probes()).toBe(2);
    clock.advanceBy(OFFLINE_RECHECK_MS);
    await settle();
    expect(probes()).toBe(3);
    expect(monitor.getState().reachability).toBe('online');
    clock.advanceBy(OFFLINE_RECHECK_MS);
    await settle();
    expect(probes()).toBe(3);
    clock.advanceBy(ONLINE_RECHECK_MS - OFFLINE_RECHECK_MS);
    await settle();
    expect(probes()).toBe(4);

    const release = harness.holdProbes();
    const first = monitor.check();
    const second = monitor.check();
    release();
    await Promise.all([first, second]);
    expect(probes()).toBe(5);

    monitor.stop();
    clock.advanceBy(10 * ONLINE_RECHECK_MS);
    await settle();
    expect(probes()).toBe(5);
  });

  it('treats a probe that throws as no answer', async () => {
    const { monitor } = setup();
    monitor.start(() => Promise.reject(new TypeError('Failed to fetch')));
    await settle();
    expect(monitor.getState().reachability).toBe('offline');
  });
});
