/**
 * Configuration events (docs/sidecar.md "Events"): move the tenant configuration version,
 * reload catalogs, and mark every subscription stale (rare; when in doubt, correctness
 * first).
 */
import type { EngineContext } from "../engine/context.js";
import { redisCall } from "../engine/failures.js";
import type { TenantView } from "../engine/tenant.js";
import { noteConfigVersion } from "../engine/versions.js";
import { bumpConfigVersion, markStaleMany, scanSubscriptions } from "../redis/index.js";
import type { ConfigEventInput } from "./schema.js";

/** Subscriptions marked stale per round trip. */
const MARK_BATCH = 500;

export async function applyConfigEvents(
  ctx: EngineContext,
  view: TenantView,
  events: readonly ConfigEventInput[],
): Promise<{ matched: number }> {
  ctx.logger.info({ tenant: view.tenant, events: events.map((e) => e.type) }, "configuration changed");
  const version = await redisCall(ctx.redisBreaker, () => bumpConfigVersion(ctx.store, view.tenant));
  noteConfigVersion(ctx, view.tenant, version);
  ctx.tenants.get(view.tenant).invalidate();
  const ids = await redisCall(ctx.redisBreaker, () => scanSubscriptions(ctx.store, view.tenant));
  let matched = 0;
  for (let i = 0; i < ids.length; i += MARK_BATCH) {
    const batch = ids.slice(i, i + MARK_BATCH);
    const results = await redisCall(ctx.redisBreaker, () => markStaleMany(ctx.store, view.tenant, batch));
    matched += results.filter((r) => r.outcome === "marked").length;
  }
  return { matched };
}
