/**
 * Event ingestion (docs/sidecar.md "Events"): validate the whole batch, then
 *  - configuration events (config-events.ts): move the tenant configuration version,
 *    reload catalogs, and mark every subscription stale (rare; when in doubt, correctness
 *    first);
 *  - issue events (issue-events.ts): find candidate subscriptions in the tenant index by
 *    the indexed values before and after, keep those whose metadata the issue can satisfy
 *    (precise invalidation) and whose committed result has not already seen the writer's
 *    transaction (one whose first populate is still running is always kept; one that saw
 *    it still moves its version for the answers computed before), then patch the member
 *    set from a full snapshot (no database query; an issue that stays a member still moves
 *    the version, as Stage 2 reads more than membership) or mark it stale; with a snapshot
 *    that tells whose personal answers can move (personal.ts), only those users' personal
 *    versions move with it;
 *  - and count issue events per project for the report refresh policy
 *    (reports/policy/activity.ts).
 */
import type { EngineContext } from "../engine/context.js";
import type { IngestResult } from "../engine/types.js";
import { viewOf } from "../engine/view.js";
import { applyConfigEvents } from "./config-events.js";
import { applyIssueEvents } from "./issue-events.js";
import { parseEvents } from "./schema.js";

export async function ingestEvents(
  ctx: EngineContext,
  tenant: string,
  events: readonly unknown[],
): Promise<IngestResult> {
  const parsed = parseEvents(events);
  const view = await viewOf(ctx, tenant);
  const config = parsed.config.length ? await applyConfigEvents(ctx, view, parsed.config) : { matched: 0 };
  const issues = parsed.issues.length
    ? await applyIssueEvents(ctx, view, parsed.issues)
    : { matched: 0, patched: 0, staled: 0 };
  ctx.metrics.events(
    events.length,
    config.matched + issues.matched,
    issues.patched,
    config.matched + issues.staled,
  );
  return { accepted: events.length, matched: config.matched + issues.matched, patched: issues.patched };
}
