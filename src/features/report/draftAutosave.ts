// Saves a draft shortly after every change, in order, and at once when asked
// (leaving a step, hiding the page). Plain TypeScript so it can be tested alone.
// It saves when typing pauses, not in the middle of a word: sealing and storing
// a long narrative takes the main thread of a slow tablet for a while. However
// fast the typing, no change waits longer than AUTOSAVE_MAX_DELAY_MS.
import { createObservable } from '../../lib/observable';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'failed'; reason: string };

export type SaveDraft<V> = (values: V, step: number) => Promise<void>;

/** The pause in changes after which the draft is saved. */
export const AUTOSAVE_DELAY_MS = 250;
/** The longest a change waits, counted from the first one not yet saved: with the write, inside the half second promised. */
export const AUTOSAVE_MAX_DELAY_MS = 400;

export class DraftAutosaver<V> {
  private pending: { values: V; step: number } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet being saved was made (Date.now()). */
  private firstPendingAt: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly state = createObservable<SaveState>({ kind: 'idle' });

  constructor(
    private readonly save: SaveDraft<V>,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
    private readonly maxDelayMs = AUTOSAVE_MAX_DELAY_MS,
  ) {}

  schedule(values: V, step: number): void {
    this.pending = { values, step };
    const now = Date.now();
    this.firstPendingAt ??= now;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const delay = Math.min(this.delayMs, this.firstPendingAt + this.maxDelayMs - now);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }

  /** Writes what is pending now; resolves when every save so far has finished. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.pending;
    this.pending = undefined;
    this.firstPendingAt = undefined;
    if (next) {
      this.state.set({ kind: 'saving' });
      this.chain = this.chain.then(async () => {
        try {
          await this.save(next.values, next.step);
          if (!this.pending) this.state.set({ kind: 'saved', at: Date.now() });
        } catch (error) {
          // Keep the values so that the next change or flush tries again.
          this.pending ??= next;
          this.state.set({ kind: 'failed', reason: error instanceof Error ? error.name : 'Error' });
        }
      });
    }
    return this.chain;
  }

  /** Drops what is pending (the report was filed: its draft must not come back). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.firstPendingAt = undefined;
  }

  getState = this.state.get;

  subscribe = this.state.subscribe;
}
