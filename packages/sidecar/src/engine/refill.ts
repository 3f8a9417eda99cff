/**
 * After a Redis outage: read the queries that were asked for meanwhile, a few at a time,
 * so that a Redis that came back empty is populated (once in the fleet: singleflight and
 * the add-lock) before their pollers return, instead of one poll at a time over a polling
 * interval. On a Redis that kept its data this costs one read each.
 */
import type { Plan } from "@subq/jql";
import type { EngineContext } from "./context.js";
import { readStage1 } from "./stage1.js";
import { refOf } from "./versions.js";
import { viewOf } from "./view.js";

const AT_ONCE = 4;

export async function refill(ctx: EngineContext, tenant: string, plans: readonly Plan[]): Promise<void> {
  if (plans.length === 0) return;
  const view = await viewOf(ctx, tenant).catch(() => null);
  if (!view) return;
  const pending = plans.filter((plan) => plan.subscription !== null);
  const next = async (): Promise<void> => {
    for (let plan = pending.shift(); plan && !ctx.closing.signal.aborted; plan = pending.shift()) {
      await readStage1(ctx, view, plan, refOf(tenant, plan)).catch((error: unknown) =>
        ctx.logger.debug({ err: error, tenant }, "refill after the Redis outage: a query was not read"),
      );
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, next));
  ctx.logger.info(
    { tenant, queries: plans.length },
    "Redis is back: queries asked for during the outage refilled",
  );
}
