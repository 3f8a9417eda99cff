/**
 * Push: the version of a query now, then every time it moves — woken by the tenant
 * channel (commits, events, configuration changes), by the clock for queries that read
 * it, and by a slow safety re-read in case a message was lost while reconnecting.
 */
import type { EngineContext } from "./context.js";
import { version } from "./queries.js";
import type { QueryRef, VersionResponse } from "./types.js";
import { readsClock, refOf } from "./versions.js";
import { viewOf } from "./view.js";

const SAFETY_INTERVAL_MS = 15_000;
const SUBSCRIBE_WAIT_MS = 2_000;

export async function* watch(
  ctx: EngineContext,
  request: QueryRef,
  signal: AbortSignal,
): AsyncGenerator<VersionResponse> {
  const view = await viewOf(ctx, request.tenant);
  const plan = ctx.plans.get(view, request.jql);
  const ref = refOf(view.tenant, plan);
  // Subscribed before the first read, so no move is missed; but not waiting on a Redis that
  // is away (the subscriber re-subscribes when it is back; the safety re-read covers it).
  let waited: NodeJS.Timeout | undefined;
  const subscribed = ctx.hub.ensureTenant(ref.tenant).catch(() => {});
  if (!ctx.redisBreaker.open) {
    await Promise.race([
      subscribed,
      new Promise((resolve) => (waited = setTimeout(resolve, SUBSCRIBE_WAIT_MS))),
    ]);
    clearTimeout(waited);
  }

  let wake: (() => void) | null = null;
  let dirty = false;
  const poke = () => {
    dirty = true;
    wake?.();
  };
  const stops = [ctx.hub.listen(ref.tenant, ref.id, poke), ctx.hub.listen(ref.tenant, "*", poke)];
  const timers = [setInterval(poke, SAFETY_INTERVAL_MS)];
  if (readsClock(plan)) timers.push(setInterval(poke, ctx.options.temporalVersionIntervalMs));
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  ctx.closing.signal.addEventListener("abort", onAbort);
  try {
    let last = await version(ctx, request);
    yield last;
    while (!signal.aborted && !ctx.closing.signal.aborted) {
      // Without Redis no message comes: the outage version moves with the window.
      const outage = last.degraded ? setTimeout(poke, ctx.options.redisOutageWindowMs) : undefined;
      if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
      clearTimeout(outage);
      wake = null;
      if (signal.aborted || !dirty) continue;
      dirty = false;
      const next = await version(ctx, request).catch(() => last);
      if (next.version !== last.version || next.stale !== last.stale) {
        last = next;
        yield next;
      }
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    ctx.closing.signal.removeEventListener("abort", onAbort);
    for (const stop of stops) stop();
    for (const timer of timers) clearInterval(timer);
  }
}
