/**
 * How late this process's event loop has been running lately. A Redis command that times
 * out while the loop was late may have had its reply waiting unread: the process was too
 * busy, not Redis down (failures.ts tells the two apart with this). A tick every 20 ms
 * notes how late it came; the delay still in progress counts too, since the timeout that
 * asks is often the first callback to run after a long stall.
 */

export interface LoopDelay {
  /** The largest delay of the event loop over about the last one to two seconds, ms. */
  recentMaxMs(): number;
  close(): void;
}

const TICK_MS = 20;
const WINDOW_MS = 1_000;

export function watchEventLoopDelay(): LoopDelay {
  let last = performance.now();
  let windowStart = last;
  let currentMaxMs = 0;
  let previousMaxMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    currentMaxMs = Math.max(currentMaxMs, now - last - TICK_MS);
    last = now;
    if (now - windowStart >= WINDOW_MS) {
      previousMaxMs = currentMaxMs;
      currentMaxMs = 0;
      windowStart = now;
    }
  }, TICK_MS);
  tick.unref();
  return {
    recentMaxMs: () => Math.max(previousMaxMs, currentMaxMs, performance.now() - last - TICK_MS),
    close: () => clearInterval(tick),
  };
}

/** For tests and processes that do not measure: never late. */
export const NO_DELAY: LoopDelay = { recentMaxMs: () => 0, close: () => {} };
