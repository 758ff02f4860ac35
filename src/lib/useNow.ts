// The time, for what a screen shows by it (a report late for a reply): read
// through the clock and moved on every minute, so that a screen left open
// marks a report the moment it is late, and tests can move the time.
import { useEffect, useState } from 'react';
import { systemClock } from './clock';

export const NOW_TICK_MS = 60_000;

export function useNow(): number {
  const [now, setNow] = useState(systemClock.now);
  useEffect(() => {
    let handle: unknown;
    const tick = () => {
      setNow(systemClock.now());
      handle = systemClock.setTimeout(tick, NOW_TICK_MS);
    };
    handle = systemClock.setTimeout(tick, NOW_TICK_MS);
    return () => systemClock.clearTimeout(handle);
  }, []);
  return now;
}
