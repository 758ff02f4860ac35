// The first screen someone can use (the lock screen with its profiles, or the
// set-up form) must not wait behind work it does not need: sending, the
// service worker, housekeeping. Those start once it has been painted.

/** Work starts at the latest this long after the page, should the first screen never say it is shown. */
const FALLBACK_MS = 3_000;

let markShown: () => void = () => undefined;
const shown = new Promise<void>((resolve) => (markShown = resolve));

/** The first screen has what it shows (called once its data is read; later calls do nothing). */
export function firstScreenShown(): void {
  markShown();
}

/** Runs `task` once, after the first screen is shown and painted (or after a fallback time). */
export function afterFirstScreen(task: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    task();
  };
  // The frame that paints the screen first, then a task after it. A hidden page paints no frame: the fallback starts it.
  void shown.then(() => requestAnimationFrame(() => setTimeout(run, 0)));
  setTimeout(run, FALLBACK_MS);
}
