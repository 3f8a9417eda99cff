/**
 * The search path (docs/sidecar.md): plan → Stage 1 from the subscription → Stage 2 for
 * the user (per-user cache keyed by version) → response. Degrades instead of failing:
 * Redis down → bounded direct answers; database down → the last good answer, marked stale.
 */
import type { Plan } from "@subq/jql";
import { SubqError } from "../errors.js";
import { PAGE_LIMITS, pageProblem } from "../page-limits.js";
import type { SubscriptionRef } from "../redis/index.js";
import type { EngineContext, Stage1Read } from "./context.js";
import type { DirectReason } from "./engine-metrics.js";
import { isDbUnavailable, RedisUnavailable } from "./failures.js";
import type { KeptAnswer } from "./redis-outage.js";
import { readStage1 } from "./stage1.js";
import {
  type AnswerKey,
  answerFor,
  cachedAnswer,
  lastGoodAnswer,
  type StoredAnswer,
  storeAnswer,
} from "./stage2-cache.js";
import type { TenantView } from "./tenant.js";
import type { Page, Requester } from "./tenant-database.js";
import type { SearchRequest, SearchResponse } from "./types.js";
import {
  combineVersion,
  configVersion,
  outageVersion,
  personalEntryOf,
  refOf,
  registerReadsFor,
} from "./versions.js";
import { viewOf } from "./view.js";

/** The page asked for, within PAGE_LIMITS (page-limits.ts: the request schema checks the same). */
export function pageOf(request: { startAt?: number; maxResults?: number }): Page {
  const page = {
    startAt: request.startAt ?? 0,
    maxResults: request.maxResults ?? PAGE_LIMITS.defaultMaxResults,
  };
  const problem = pageProblem(page, PAGE_LIMITS.maxResults);
  if (problem) {
    const { field, message } = problem;
    throw new SubqError("E_BAD_REQUEST", `${field} ${message}, got ${page[field]}`, { where: field });
  }
  return page;
}

export async function search(ctx: EngineContext, request: SearchRequest): Promise<SearchResponse> {
  const page = pageOf(request);
  const view = await viewOf(ctx, request.tenant);
  const plan = ctx.plans.get(view, request.jql);
  const requester: Requester = { user: request.user, now: ctx.clock() };
  const ref = refOf(view.tenant, plan);
  if (request.consistency === "direct") {
    ctx.metrics.direct("requested");
    return direct(ctx, plan, view.database, requester, page, { version: 0, stale: false });
  }

  let stage1: Stage1Read;
  let config: number;
  try {
    [stage1, config] = await Promise.all([
      readStage1(ctx, view, plan, ref, request.minTxid, personalEntryOf(plan, request.user)),
      configVersion(ctx, view.tenant),
    ]);
  } catch (error) {
    if (error instanceof RedisUnavailable) return withoutRedis(ctx, view, plan, ref, requester, page);
    if (isDbUnavailable(error)) return fallback(ctx, plan, ref, requester, page, error);
    throw error;
  }

  const version = combineVersion(ctx, plan, stage1.personalVersion, config);
  if (stage1.kind === "direct") ctx.metrics.direct(stage1.reason as DirectReason);
  // A direct answer for any reason but size bypasses the Stage 2 cache: "not-seen" promised
  // the caller its own write, which the cached answers at this version may predate; after a
  // populate timeout there is no version (0 is the key of the last good answer).
  const cacheable = stage1.kind === "members" || stage1.reason === "too-large";
  const meta = {
    version,
    stale: stage1.stale,
    ageMs: stage1.kind === "members" ? stage1.ageMs : 0,
    source: stage1.kind === "members" ? stage1.source : ("direct" as const),
    ...(stage1.kind === "direct" ? { degraded: stage1.reason } : {}),
  };
  // A Stage-2-only query has no member set: its "Stage 2" is the whole query.
  const ids = stage1.kind === "members" && !plan.stage2Only ? stage1.ids : null;
  const cache = redisAnswers(ctx, view, ref);
  const work: Stage2Work = { ctx, view, plan, ref, requester, page, version, ids, cache, withRedis: true };
  try {
    const answer = cacheable ? await cachedOrComputed(work) : await compute(work);
    return { issues: answer.issues, total: answer.total, ...meta };
  } catch (error) {
    if (isDbUnavailable(error)) return fallback(ctx, plan, ref, requester, page, error);
    throw error;
  }
}

interface Stage2Work {
  readonly ctx: EngineContext;
  readonly view: TenantView;
  readonly plan: Plan;
  readonly ref: SubscriptionRef;
  readonly requester: Requester;
  readonly page: Page;
  readonly version: number;
  readonly ids: readonly string[] | null;
  /** Where answers are kept: the Stage 2 cache in Redis, or this process's while Redis is away. */
  readonly cache: AnswerCache;
  /**
   * False while Redis is unavailable: the plan's reads cannot be recorded (no version from
   * Redis is given either), and database work waits for the direct gate.
   */
  readonly withRedis: boolean;
}

interface AnswerCache {
  get(key: AnswerKey): Promise<StoredAnswer | undefined>;
  set(key: AnswerKey, answer: StoredAnswer): void;
}

function redisAnswers(ctx: EngineContext, view: TenantView, ref: SubscriptionRef): AnswerCache {
  return {
    get: (key) => cachedAnswer(ctx, view, ref, key),
    set: (key, answer) => storeAnswer(ctx, view, ref, key, answer),
  };
}

/**
 * Redis is unavailable: the whole query on the database, with bounded concurrency, at
 * most once per outage window for each (query, grants, page) in this process
 * (redis-outage.ts); the version is the window's.
 */
async function withoutRedis(
  ctx: EngineContext,
  view: TenantView,
  plan: Plan,
  ref: SubscriptionRef,
  requester: Requester,
  page: Page,
): Promise<SearchResponse> {
  ctx.metrics.direct("redis-unavailable");
  const version = outageVersion(ctx, plan, ref);
  const cache = ctx.outage.cacheFor(view, ref);
  const work: Stage2Work = {
    ctx,
    view,
    plan,
    ref,
    requester,
    page,
    version,
    ids: null,
    cache,
    withRedis: false,
  };
  // Callers of one answer at once share its computation (shared answers already do).
  const identity = view.database.cacheIdentity(plan, requester.user);
  const flight = ["outage", ref.tenant, identity, version, page.startAt, page.maxResults, plan.jql];
  const answer = await ctx.sharedAnswers.run(flight.join("\u0000"), () => cachedOrComputed(work));
  // Kept from earlier in the window (KeptAnswer.at), or computed just now.
  const at = (answer as Partial<KeptAnswer>).at;
  const ageMs = at === undefined ? 0 : ctx.clock() - at;
  return {
    issues: answer.issues,
    total: answer.total,
    version,
    stale: ageMs > 0,
    ageMs,
    source: "direct",
    degraded: "redis-unavailable",
  };
}

/**
 * The Stage 2 cache: first the answer shared by every user of the requester's grants
 * (unless it names the requester as one who may see more), then the requester's own;
 * on a miss the shared answer is computed once per process for all who ask at once, and
 * the requester's own only when the shared one is not theirs.
 */
async function cachedOrComputed(work: Stage2Work): Promise<StoredAnswer> {
  const { ctx, view, plan, ref, requester } = work;
  const user = requester.user;
  const key = { plan, user, version: work.version, page: work.page };
  const shared = view.database.sharedIdentity(plan, user);
  if (shared !== null) {
    const sharedKey = { ...key, shared };
    let answer = await work.cache.get(sharedKey);
    ctx.metrics.stage2Cache(answerFor(answer, user));
    if (answerFor(answer, user)) return answer!;
    if (answer === undefined) {
      const flight = [
        ref.tenant,
        ref.id,
        shared,
        work.version,
        key.page.startAt,
        key.page.maxResults,
        plan.jql,
      ];
      answer = await ctx.sharedAnswers.run(flight.join("\u0000"), async () => {
        const computed = await computeShared(work);
        work.cache.set(sharedKey, computed);
        return computed;
      });
      if (answerFor(answer, user)) return answer;
    }
  }
  const own = await work.cache.get(key);
  if (shared === null) ctx.metrics.stage2Cache(own !== undefined);
  if (own) return own;
  const answer = await compute(work);
  work.cache.set(key, answer);
  return answer;
}

/** The requester's own answer: Stage 2 over the ids, or the whole query (cost-based for large sets). */
async function compute(work: Stage2Work): Promise<StoredAnswer> {
  const { ctx, view, plan, ids, requester, page } = work;
  const way = ids ? ctx.largeSets.choose(plan, ids.length) : "direct";
  const outcome = await onDatabase(work, () =>
    ids && way === "stage2"
      ? view.database.runStage2(plan, ids, requester, page)
      : view.database.runDirect(plan, requester, page),
  );
  if (ids) ctx.largeSets.record(plan, way, outcome.durationMs);
  ctx.metrics.dbTime(way, requester.user, outcome.durationMs / 1000);
  return { issues: outcome.issues, total: outcome.total };
}

/** The answer shared by the requester's grants, and who it is not valid for. */
async function computeShared(work: Stage2Work): Promise<StoredAnswer> {
  const { ctx, view, plan, ids, requester, page } = work;
  const way = ids ? ctx.largeSets.choose(plan, ids.length) : "direct";
  const outcome = await onDatabase(work, () =>
    view.database.runShared(plan, ids && way === "stage2" ? ids : null, requester, page),
  );
  if (ids) ctx.largeSets.record(plan, way, outcome.durationMs);
  ctx.metrics.dbTime(way, requester.user, outcome.durationMs / 1000);
  return { issues: outcome.issues, total: outcome.total, personal: outcome.personal };
}

async function onDatabase<T>(work: Stage2Work, run: () => Promise<T>): Promise<T> {
  if (!work.withRedis) return work.ctx.directGate.run(run);
  await registerReadsFor(work.ctx, work.plan, work.ref);
  return run();
}

/** The whole query on the database, no cache involved. */
async function direct(
  ctx: EngineContext,
  plan: Plan,
  database: {
    runDirect: (p: Plan, r: Requester, pg: Page) => Promise<StoredAnswer & { durationMs: number }>;
  },
  requester: Requester,
  page: Page,
  meta: { version: number; stale: boolean },
): Promise<SearchResponse> {
  const outcome = await database.runDirect(plan, requester, page);
  ctx.metrics.dbTime("direct", requester.user, outcome.durationMs / 1000);
  return { issues: outcome.issues, total: outcome.total, ...meta, ageMs: 0, source: "direct" };
}

/** The database is down: the last good answer for this user and page, marked stale, or 503. */
async function fallback(
  ctx: EngineContext,
  plan: Plan,
  ref: SubscriptionRef,
  requester: Requester,
  page: Page,
  error: unknown,
): Promise<SearchResponse> {
  const view = ctx.tenants.get(ref.tenant).peek();
  const last = view
    ? await lastGoodAnswer(ctx, view, ref, { plan, user: requester.user, page }).catch(() => undefined)
    : undefined;
  if (!last) throw error;
  return {
    issues: last.issues,
    total: last.total,
    version: last.version,
    stale: true,
    ageMs: ctx.clock() - last.at,
    source: "cache",
    degraded: "db-unavailable",
  };
}
