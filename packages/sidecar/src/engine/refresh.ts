/**
 * The refresh job (worker role): re-run a stale subscription's Stage 1 and commit it.
 * The stored Stage 1 text is already normalized with ids, so re-planning it is cheap and
 * yields the same subscription. A held lock means a populate or refresh is running: done.
 */
import {
  acquireLock,
  commitResult,
  isStoreError,
  readMeta,
  registerSubscription,
  releaseLock,
} from "../redis/index.js";
import type { RefreshJob, RefreshOutcome } from "../refresh/queue.js";
import type { EngineContext } from "./context.js";
import { keepLockAlive } from "./stage1.js";
import { STAGE2_ONLY_ID } from "./versions.js";
import { viewOf } from "./view.js";

export async function refreshSubscription(ctx: EngineContext, job: RefreshJob): Promise<RefreshOutcome> {
  const started = ctx.clock();
  const ref = { tenant: job.tenant, id: job.subscriptionId };
  const outcome = await run(ctx, ref).catch((error: unknown) => {
    ctx.metrics.refresh("failed", (ctx.clock() - started) / 1000);
    warnFailed(ctx, ref, error);
    throw error;
  });
  ctx.metrics.refresh(outcome, (ctx.clock() - started) / 1000);
  return outcome;
}

/** When each tenant's last refresh failure was logged: one line per tenant per minute. */
const failureLogged = new WeakMap<EngineContext, Map<string, number>>();
const FAILURE_LOG_INTERVAL_MS = 60_000;

/** The queue retries a failed refresh; the log says why, without a line per retry. */
function warnFailed(ctx: EngineContext, ref: { tenant: string; id: string }, error: unknown): void {
  let logged = failureLogged.get(ctx);
  if (!logged) {
    logged = new Map();
    failureLogged.set(ctx, logged);
  }
  const now = ctx.clock();
  if (now - (logged.get(ref.tenant) ?? -Infinity) < FAILURE_LOG_INTERVAL_MS) return;
  logged.set(ref.tenant, now);
  ctx.logger.warn(
    { err: error, tenant: ref.tenant, subscription: ref.id },
    "refresh failed; the queue retries it (further failures of this tenant are not logged for a minute)",
  );
}

async function run(ctx: EngineContext, ref: { tenant: string; id: string }): Promise<RefreshOutcome> {
  const meta = await readMeta(ctx.store, ref);
  // Expired (nobody read it for the idle TTL) or never committed: the next search populates it.
  if (!meta || meta.stage1 === null) return "skipped";
  const view = await viewOf(ctx, ref.tenant);
  const stage2Only = ref.id === STAGE2_ONLY_ID;
  const plan = stage2Only ? null : ctx.plans.get(view, meta.stage1);
  if (plan && plan.subscription !== ref.id) {
    ctx.logger.warn(
      { tenant: ref.tenant, subscription: ref.id, replanned: plan.subscription },
      "the stored Stage 1 re-plans to another subscription (catalog changed); refreshing it as stored",
    );
  }
  const lock = await acquireLock(ctx.store, ref);
  if (!lock.acquired) return "skipped";
  const stopKeepAlive = keepLockAlive(ctx, lock.lease);
  try {
    const refreshedAt = ctx.clock();
    const metadata = plan?.metadata ?? meta.metadata ?? {};
    await registerSubscription(ctx.store, ref, metadata);
    // Stage-2-only subscriptions hold no members: committing refreshes the flags only.
    const result = plan
      ? await view.database.runStage1(plan)
      : { ids: [], position: undefined, durationMs: 0 };
    if (plan) ctx.metrics.dbTime("stage1", null, result.durationMs / 1000);
    const commit = await commitResult(ctx.store, lock.lease, {
      members: result.ids,
      refreshedAt,
      position: result.position,
      stage1: meta.stage1,
      metadata,
    });
    return commit.changed ? "changed" : "unchanged";
  } catch (error) {
    await releaseLock(ctx.store, lock.lease).catch(() => {});
    if (isStoreError(error, "E_COMMIT_SUPERSEDED")) return "superseded";
    throw error;
  } finally {
    stopKeepAlive();
  }
}
