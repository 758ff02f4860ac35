import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The module keeps one "shown" state per page: each test loads it afresh.
const load = async () => {
  vi.resetModules();
  return import('./firstScreen');
};

beforeEach(() => {
  vi.useFakeTimers();
  // A frame is painted 16 ms after it is asked for.
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(performance.now()), 16));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('work after the first screen', () => {
  it('waits until the first screen is shown, then runs after its frame, once', async () => {
    const { afterFirstScreen, firstScreenShown } = await load();
    const task = vi.fn();
    afterFirstScreen(task);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).not.toHaveBeenCalled();
    firstScreenShown();
    await vi.advanceTimersByTimeAsync(10);
    expect(task).not.toHaveBeenCalled(); // the frame is not painted yet
    await vi.advanceTimersByTimeAsync(10);
    expect(task).toHaveBeenCalledTimes(1);
    firstScreenShown();
    await vi.advanceTimersByTimeAsync(5_000); // neither a second "shown" nor the fallback runs it again
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('work asked for after the screen was shown still runs', async () => {
    const { afterFirstScreen, firstScreenShown } = await load();
    firstScreenShown();
    const task = vi.fn();
    afterFirstScreen(task);
    await vi.advanceTimersByTimeAsync(20);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('starts anyway after 3 s when no screen says it is shown (a hidden page paints no frame)', async () => {
    const { afterFirstScreen } = await load();
    const task = vi.fn();
    afterFirstScreen(task);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
