/**
 * The cheap questions pollers ask: the version of a query (no database), whether one
 * issue is in its results, and the plan itself.
 */
import { readSubscription } from "../redis/index.js";
import type { EngineContext } from "./context.js";
import { explainView } from "./explain-view.js";
import { RedisUnavailable, redisCall } from "./failures.js";
import { readStage1, requestRefresh } from "./stage1.js";
import type {
  ContainsRequest,
  ContainsResponse,
  ExplainResponse,
  QueryRef,
  VersionResponse,
} from "./types.js";
import {
  combineVersion,
  configVersion,
  outageVersion,
  personalEntryOf,
  refOf,
  registerReadsFor,
} from "./versions.js";
import { viewOf } from "./view.js";

/**
 * The version without touching the database: L1 while fresh, else one Redis read. For a
 * personal plan, the searcher's personal version: from L1 while the subscription version
 * it was read with is still the one L1 knows (every personal move also moves that).
 */
export async function version(ctx: EngineContext, request: QueryRef): Promise<VersionResponse> {
  const view = await viewOf(ctx, request.tenant);
  const plan = ctx.plans.get(view, request.jql);
  const ref = refOf(view.tenant, plan);
  const personal = personalEntryOf(plan, request.user);
  const personalKey = `${ref.tenant} ${ref.id} ${personal}`;
  try {
    await redisCall(ctx.redisBreaker, () => ctx.hub.ensureTenant(ref.tenant));
    let known = ctx.hub.recent(ref.tenant, ref.id);
    let own = known && personal ? ctx.personalVersions.get(personalKey) : undefined;
    if (own && own.version !== known!.version) own = undefined;
    if (!known || (personal && !own)) {
      const read = await redisCall(ctx.redisBreaker, () => readSubscription(ctx.store, ref, { personal }));
      ctx.hub.remember(ref.tenant, ref.id, read.version, read.state);
      known = { version: read.version, state: read.state, at: ctx.clock() };
      own = { version: read.version, personal: read.personalVersion };
      if (personal) ctx.personalVersions.set(personalKey, own);
      if (read.state === "missing") {
        // Warm it in the background so the poller's next search is served from the cache.
        readStage1(ctx, view, plan, ref).catch((error: unknown) =>
          ctx.logger.warn(
            { err: error, tenant: ref.tenant, subscription: ref.id },
            "background populate failed",
          ),
        );
      }
    }
    if (known.state === "stale") requestRefresh(ctx, ref);
    const config = await configVersion(ctx, ref.tenant);
    const subscription = personal ? own!.personal : known.version;
    return { version: combineVersion(ctx, plan, subscription, config), stale: known.state !== "fresh" };
  } catch (error) {
    // Versions live in Redis: without it, the outage window's (redis-outage.ts), so pollers
    // fetch once per window and those fetches share one database answer.
    if (error instanceof RedisUnavailable) {
      return { version: outageVersion(ctx, plan, ref), stale: true, degraded: "redis-unavailable" };
    }
    throw error;
  }
}

/** Is `issue` in the results? Outside the cached Stage 1 set means no, without a query. */
export async function contains(ctx: EngineContext, request: ContainsRequest): Promise<ContainsResponse> {
  const view = await viewOf(ctx, request.tenant);
  const plan = ctx.plans.get(view, request.jql);
  const ref = refOf(view.tenant, plan);
  const requester = { user: request.user, now: ctx.clock() };
  let ids: readonly string[] | null = null;
  let meta = { version: 0, stale: false };
  try {
    const [stage1, config] = await Promise.all([
      readStage1(ctx, view, plan, ref, undefined, personalEntryOf(plan, request.user)),
      configVersion(ctx, ref.tenant),
    ]);
    // A version is given only with the plan's reads recorded (versions.ts registerReadsFor).
    await registerReadsFor(ctx, plan, ref);
    meta = { version: combineVersion(ctx, plan, stage1.personalVersion, config), stale: stage1.stale };
    if (stage1.kind === "members" && !plan.stage2Only) ids = stage1.ids;
  } catch (error) {
    if (!(error instanceof RedisUnavailable)) throw error;
  }
  const started = ctx.clock();
  const result = await view.database.contains(plan, ids, requester, request.issue);
  ctx.metrics.dbTime("contains", request.user, (ctx.clock() - started) / 1000);
  return { contains: result, ...meta };
}

export async function explain(ctx: EngineContext, tenant: string, jql: string): Promise<ExplainResponse> {
  const view = await viewOf(ctx, tenant);
  return explainView(ctx.plans.get(view, jql), (c) => ({ text: c.text, class: c.class, why: c.why }));
}
