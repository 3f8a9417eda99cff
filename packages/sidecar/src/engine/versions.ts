/**
 * The version a client sees: max(subscription version — or the searcher's personal version
 * for a personal plan —, tenant configuration version, time bucket for queries that read
 * the clock). All three are on the same clock-derived
 * scale (ms × 1000), so the max is monotonic and moves whenever any part moves.
 */
import { type Plan, personalField, stage2Reads } from "@subq/jql";
import {
  bumpConfigVersion,
  personalEntry,
  readConfigVersion,
  registerReads,
  type SubscriptionRef,
} from "../redis/index.js";
import type { EngineContext } from "./context.js";
import { redisCall } from "./failures.js";

/** The reserved subscription of Stage-2-only queries: no members, a version every event moves. */
export const STAGE2_ONLY_ID = "all";

export function refOf(tenant: string, plan: Plan): SubscriptionRef {
  return { tenant, id: plan.subscription ?? STAGE2_ONLY_ID };
}

/**
 * The searcher's entry in the subscription's personal hash when the plan is personal
 * (packages/jql personal.ts: `assignee = currentUser()`, ...): their answer moves only with
 * changes to their own issues, so they get a version of their own.
 */
export function personalEntryOf(plan: Plan, user: string | null): string | undefined {
  const field = personalField(plan);
  return field === null || user === null ? undefined : personalEntry(field, user);
}

const timeDependent = new WeakMap<Plan, boolean>();

/** Does the answer change as time passes (relative dates, now(), startOf...)? */
export function readsClock(plan: Plan): boolean {
  let value = timeDependent.get(plan);
  if (value === undefined) {
    value = plan.clauses.some((clause) => clause.class === "temporal");
    timeDependent.set(plan, value);
  }
  return value;
}

export function combineVersion(
  ctx: EngineContext,
  plan: Plan,
  subscriptionVersion: number,
  configVersion: number,
): number {
  let version = Math.max(subscriptionVersion, configVersion);
  if (readsClock(plan)) {
    const interval = ctx.options.temporalVersionIntervalMs;
    version = Math.max(version, Math.floor(ctx.clock() / interval) * interval * 1000);
  }
  return version;
}

/** The tenant's configuration version: from L1 while fresh (kept current by the hub), else Redis. */
export async function configVersion(ctx: EngineContext, tenant: string): Promise<number> {
  if (ctx.outage.owesRecovery(tenant)) {
    // Redis is back after this process gave window versions (redis-outage.ts): every version
    // must now be above them, and every poller must fetch once from the real cache.
    const moved = await ctx.outage.recover(tenant, () =>
      redisCall(ctx.redisBreaker, () => bumpConfigVersion(ctx.store, tenant, "recovery")),
    );
    if (moved !== null) {
      noteConfigVersion(ctx, tenant, moved);
      return moved;
    }
  }
  const known = ctx.configVersions.get(tenant);
  if (known && ctx.clock() - known.at < ctx.options.configVersionTtlMs) return known.version;
  const version = await redisCall(ctx.redisBreaker, () => readConfigVersion(ctx.store, tenant));
  noteConfigVersion(ctx, tenant, version);
  return version;
}

export function noteConfigVersion(ctx: EngineContext, tenant: string, version: number): void {
  const known = ctx.configVersions.get(tenant);
  ctx.configVersions.set(tenant, { version: Math.max(version, known?.version ?? 0), at: ctx.clock() });
}

/**
 * Before an answer (or a containment) is computed and returned with a version: the
 * subscription learns which fields the plan's Stage 2 reads, so events that change none
 * of them leave its version alone (events/touched.ts). Failing, the answer is not given.
 */
export async function registerReadsFor(ctx: EngineContext, plan: Plan, ref: SubscriptionRef): Promise<void> {
  if (ref.id === STAGE2_ONLY_ID) return;
  const fields = stage2Reads(plan) ?? ["*"];
  await redisCall(ctx.redisBreaker, () => registerReads(ctx.store, ref, fields));
}

/**
 * While Redis is unavailable: the outage window's version (redis-outage.ts), never below
 * what this process last knew of the query's and the tenant's versions.
 */
export function outageVersion(ctx: EngineContext, plan: Plan, ref: SubscriptionRef): number {
  const known = ctx.hub.recent(ref.tenant, ref.id)?.version ?? 0;
  const config = ctx.configVersions.get(ref.tenant)?.version ?? 0;
  return ctx.outage.windowVersion(ref.tenant, combineVersion(ctx, plan, known, config), plan);
}
