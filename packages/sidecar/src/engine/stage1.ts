/**
 * Stage 1 for a search: read the subscription; serve fresh or stale members (a stale read
 * enqueues one refresh); a cold subscription is populated once in the whole fleet — one
 * caller per process (singleflight), one process per subscription (the add-lock), and the
 * others wait for the commit's publish instead of polling or querying.
 */
import type { Plan } from "@subq/jql";
import { snapshotIncludes } from "../db/execute/index.js";
import { SubqError } from "../errors.js";
import {
  acquireLock,
  commitResult,
  extendLock,
  isStoreError,
  type Lease,
  type ReadResult,
  readSubscription,
  registerSubscription,
  releaseLock,
  type SubscriptionRef,
  snapshotOf,
} from "../redis/index.js";
import type { EngineContext, Stage1Read } from "./context.js";
import { redisCall } from "./failures.js";
import type { TenantView } from "./tenant.js";

/**
 * Stage 1 of a plan from its subscription, populating it when missing. `personal` is the
 * searcher's entry for a personal plan (personalEntry): its personal version is read with
 * the members.
 */
export async function readStage1(
  ctx: EngineContext,
  view: TenantView,
  plan: Plan,
  ref: SubscriptionRef,
  minTxid?: string,
  personal?: string,
): Promise<Stage1Read> {
  await redisCall(ctx.redisBreaker, () => ctx.hub.ensureTenant(ref.tenant));
  const read = await redisCall(ctx.redisBreaker, () =>
    readSubscription(ctx.store, ref, { withMembers: !plan.stage2Only, personal }),
  );
  ctx.metrics.cacheRead(read.state);
  ctx.hub.remember(ref.tenant, ref.id, read.version, read.state);
  if (read.state === "missing" || read.state === "populating")
    return populate(ctx, view, plan, ref, minTxid, personal);
  return fromRead(ctx, ref, read, minTxid);
}

/** Turns a read of committed data into a Stage 1 answer. */
function fromRead(ctx: EngineContext, ref: SubscriptionRef, read: ReadResult, minTxid?: string): Stage1Read {
  const versions = { version: read.version, personalVersion: read.personalVersion };
  if (read.state === "tooLarge") return { kind: "direct", reason: "too-large", ...versions, stale: false };
  const stale = read.state === "stale";
  if (stale) requestRefresh(ctx, ref);
  if (minTxid !== undefined && !sawTransaction(read.position, minTxid)) {
    requestRefresh(ctx, ref);
    return { kind: "direct", reason: "not-seen", ...versions, stale: true };
  }
  return {
    kind: "members",
    ids: read.members ?? [],
    ...versions,
    stale,
    ageMs: read.ageMs ?? 0,
    source: "cache",
  };
}

function sawTransaction(position: string | null, txid: string): boolean {
  const snapshot = position === null ? null : snapshotOf(position);
  return snapshot !== null && snapshotIncludes(snapshot, txid);
}

/** Enqueues one refresh of a stale subscription (at most once per memo interval in this process). */
export function requestRefresh(ctx: EngineContext, ref: SubscriptionRef): void {
  const key = `${ref.tenant} ${ref.id}`;
  const now = ctx.clock();
  const last = ctx.refreshMemo.get(key);
  if (last !== undefined && now - last < ctx.options.refreshMemoMs) return;
  ctx.refreshMemo.set(key, now);
  if (ctx.refreshMemo.size > 100_000) ctx.refreshMemo.delete(ctx.refreshMemo.keys().next().value as string);
  ctx.queue.enqueue({ tenant: ref.tenant, subscriptionId: ref.id }).catch((error: unknown) => {
    ctx.refreshMemo.delete(key);
    ctx.logger.warn({ err: error, tenant: ref.tenant, subscription: ref.id }, "could not enqueue a refresh");
  });
}

function populate(
  ctx: EngineContext,
  view: TenantView,
  plan: Plan,
  ref: SubscriptionRef,
  minTxid?: string,
  personal?: string,
): Promise<Stage1Read> {
  // Callers of different users share the populate, each reading their own version after it.
  return ctx.populates.run(`${ref.tenant} ${ref.id} ${personal ?? ""}`, async () => {
    const deadline = ctx.clock() + ctx.options.populateWaitMs;
    for (;;) {
      const lock = await redisCall(ctx.redisBreaker, () => acquireLock(ctx.store, ref));
      // Populated meanwhile: another process's whole populate ran since our read. Use it.
      if (lock.acquired && lock.lease.populated) {
        await releaseLock(ctx.store, lock.lease).catch(() => {});
        const settled = await redisCall(ctx.redisBreaker, () =>
          readSubscription(ctx.store, ref, { withMembers: true, personal }),
        );
        if (settled.state !== "missing" && settled.state !== "populating")
          return fromRead(ctx, ref, settled, minTxid);
        continue;
      }
      if (lock.acquired) return fill(ctx, view, plan, lock.lease, personal);
      const settled = await waitForPopulate(ctx, ref, deadline, personal);
      if (settled === null) return coldTimeout(ctx, ref);
      if (settled.state !== "missing" && settled.state !== "populating")
        return fromRead(ctx, ref, settled, minTxid);
      // The lock holder gave up (its lock expired or it failed): try to take over.
    }
  });
}

/**
 * Waits for another process's populate: woken by the commit's publish. The waiter is
 * registered before re-reading, so a publish that happened meanwhile is not missed; a
 * re-read every second covers a lost message. Returns the settled read, a `missing` read
 * when the lock holder gave up (the caller takes over), or null at the deadline.
 */
async function waitForPopulate(
  ctx: EngineContext,
  ref: SubscriptionRef,
  deadline: number,
  personal?: string,
): Promise<ReadResult | null> {
  const started = ctx.clock();
  for (;;) {
    const remaining = deadline - ctx.clock();
    if (remaining <= 0) {
      ctx.metrics.lockWait((ctx.clock() - started) / 1000, "timeout");
      return null;
    }
    const waiter = new AbortController();
    const signal = AbortSignal.any([ctx.closing.signal, waiter.signal]);
    const woken = ctx.hub.waitForCommit(ref.tenant, ref.id, Math.min(remaining, 1_000), signal);
    let read: ReadResult;
    try {
      read = await redisCall(ctx.redisBreaker, () =>
        readSubscription(ctx.store, ref, { withMembers: true, personal }),
      );
    } catch (error) {
      waiter.abort();
      throw error;
    }
    if (read.state !== "populating") {
      waiter.abort();
      ctx.metrics.lockWait((ctx.clock() - started) / 1000, "woken");
      return read;
    }
    await woken;
    if (ctx.closing.signal.aborted) throw new SubqError("E_SHUTTING_DOWN", "the sidecar is shutting down");
  }
}

function coldTimeout(ctx: EngineContext, ref: SubscriptionRef): Stage1Read {
  if (ctx.options.coldPolicy === "error") {
    throw new SubqError(
      "E_POPULATE_TIMEOUT",
      `the first execution of this query did not finish within ${ctx.options.populateWaitMs} ms; retry shortly`,
      { tenant: ref.tenant },
    );
  }
  return { kind: "direct", reason: "populate-timeout", version: 0, personalVersion: 0, stale: true };
}

/** The lock holder's work: register for events, run Stage 1, commit (which publishes). */
async function fill(
  ctx: EngineContext,
  view: TenantView,
  plan: Plan,
  lease: Lease,
  personal?: string,
): Promise<Stage1Read> {
  const started = ctx.clock();
  const ref = lease.ref;
  const stopKeepAlive = keepLockAlive(ctx, lease);
  try {
    const refreshedAt = ctx.clock();
    await redisCall(ctx.redisBreaker, () => registerSubscription(ctx.store, ref, plan.metadata));
    const outcome = plan.stage2Only
      ? { ids: [], position: undefined, durationMs: 0 }
      : await unlessClosing(ctx, view.database.runStage1(plan));
    if (!plan.stage2Only) ctx.metrics.dbTime("stage1", null, outcome.durationMs / 1000);
    const commit = await redisCall(ctx.redisBreaker, () =>
      commitResult(ctx.store, lease, {
        members: outcome.ids,
        refreshedAt,
        position: outcome.position,
        stage1: plan.stage1Text ?? "",
        metadata: plan.metadata,
      }),
    );
    ctx.metrics.populate("committed", (ctx.clock() - started) / 1000);
    ctx.hub.remember(ref.tenant, ref.id, commit.version, commit.state);
    // The commit moved the base with the version (or left both): no personal version is newer.
    const versions = { version: commit.version, personalVersion: commit.version };
    if (commit.state === "tooLarge")
      return { kind: "direct", reason: "too-large", ...versions, stale: false };
    return {
      kind: "members",
      ids: outcome.ids,
      ...versions,
      stale: commit.state === "stale",
      ageMs: ctx.clock() - refreshedAt,
      source: "populate",
    };
  } catch (error) {
    await releaseLock(ctx.store, lease).catch(() => {});
    if (isStoreError(error, "E_COMMIT_SUPERSEDED")) {
      ctx.metrics.populate("superseded", (ctx.clock() - started) / 1000);
      const read = await redisCall(ctx.redisBreaker, () =>
        readSubscription(ctx.store, ref, { withMembers: true, personal }),
      );
      return fromRead(ctx, ref, read);
    }
    ctx.metrics.populate("failed", (ctx.clock() - started) / 1000);
    throw error;
  } finally {
    stopKeepAlive();
  }
}

/**
 * A shutdown abandons a running populate instead of waiting for its Stage 1 (which may take
 * up to the statement timeout): the caller releases the lock at once, so another process
 * populates now rather than after the lock's expiry. The query's own outcome is ignored.
 */
function unlessClosing<T>(ctx: EngineContext, work: Promise<T>): Promise<T> {
  const signal = ctx.closing.signal;
  return new Promise<T>((resolve, reject) => {
    const abandon = () =>
      reject(new SubqError("E_SHUTTING_DOWN", "the sidecar is shutting down; the populate was abandoned"));
    if (signal.aborted) abandon();
    signal.addEventListener("abort", abandon, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abandon));
  });
}

/**
 * Extends a populate's or refresh's lock while its Stage 1 runs, so a query slower than
 * the lock's expiry is not joined by a second one. Returns the function that stops it.
 */
export function keepLockAlive(ctx: EngineContext, lease: Lease): () => void {
  const timer = setInterval(
    () => void extendLock(ctx.store, lease).catch(() => {}),
    Math.max(1_000, Math.floor(ctx.store.options.lockTtlMs / 3)),
  );
  return () => clearInterval(timer);
}
