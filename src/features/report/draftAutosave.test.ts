import { describe, expect, it, vi } from 'vitest';
import { DraftAutosaver } from './draftAutosave';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the draft autosaver', () => {
  it('saves once, the latest values, after a burst of changes', async () => {
    const saved: string[] = [];
    const autosaver = new DraftAutosaver<string>(async (values) => void saved.push(values), 20);
    autosaver.schedule('a', 0);
    autosaver.schedule('ab', 0);
    autosaver.schedule('abc', 0);
    expect(saved).toEqual([]);
    await tick(60);
    expect(saved).toEqual(['abc']);
    expect(autosaver.getState().kind).toBe('saved');
  });

  it('waits for a pause in typing, but never longer than the ceiling after the first unsaved change', async () => {
    vi.useFakeTimers();
    try {
      const saved: { at: number; values: string }[] = [];
      const start = Date.now();
      const autosaver = new DraftAutosaver<string>(async (values) => void saved.push({ at: Date.now() - start, values }), 250, 400);
      // A key every 100 ms for a second: never a 250 ms pause.
      for (let key = 1; key <= 10; key++) {
        autosaver.schedule('x'.repeat(key), 0);
        await vi.advanceTimersByTimeAsync(100);
      }
      // Saved 400 ms after the first key (with what was typed by then), and 400 ms after the first key not in that save.
      expect(saved).toEqual([
        { at: 400, values: 'xxxx' },
        { at: 800, values: 'xxxxxxxx' },
      ]);
      // Then the pause: the last key is saved 250 ms after it was typed.
      await vi.advanceTimersByTimeAsync(150);
      expect(saved.at(-1)).toEqual({ at: 1_150, values: 'x'.repeat(10) });
      expect(saved).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes at once on flush, in order', async () => {
    const saved: string[] = [];
    const autosaver = new DraftAutosaver<string>(async (values) => {
      await tick(5);
      saved.push(values);
    }, 10_000);
    autosaver.schedule('one', 0);
    void autosaver.flush();
    autosaver.schedule('two', 1);
    await autosaver.flush();
    expect(saved).toEqual(['one', 'two']);
  });

  it('keeps the values when a save fails and tries them again', async () => {
    let fail = true;
    const saved: string[] = [];
    const autosaver = new DraftAutosaver<string>(async (values) => {
      if (fail) throw new DOMException('full', 'QuotaExceededError');
      saved.push(values);
    }, 10_000);
    autosaver.schedule('typed', 0);
    await autosaver.flush();
    expect(autosaver.getState()).toEqual({ kind: 'failed', reason: 'QuotaExceededError' });
    fail = false;
    await autosaver.flush();
    expect(saved).toEqual(['typed']);
    expect(autosaver.getState().kind).toBe('saved');
  });

  it('drops what is pending when cancelled', async () => {
    const saved: string[] = [];
    const autosaver = new DraftAutosaver<string>(async (values) => void saved.push(values), 10);
    autosaver.schedule('filed already', 0);
    autosaver.cancel();
    await tick(30);
    await autosaver.flush();
    expect(saved).toEqual([]);
  });
});
