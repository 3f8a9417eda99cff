/**
 * A test's view into the engine's database calls (`wrapDatabase` of createTestEngine):
 * counts Stage 1, Stage 2 and direct executions (a shared answer counts as Stage 2 over ids,
 * else as direct) (in total, running now, most at once, per
 * subscription), and lets a test slow a Stage 1 down or hold it at a point of its choosing.
 */
import type { Plan } from "../../packages/jql/src/index.js";
import type { Stage1Outcome, TenantDatabase } from "../../packages/sidecar/src/engine/tenant-database.js";

export interface CallCounter {
  calls: number;
  active: number;
  maxActive: number;
}

/** Runs around a Stage 1: call `run` for the real query (or throw to fail it). */
export type Stage1Hook = (plan: Plan, run: () => Promise<Stage1Outcome>) => Promise<Stage1Outcome>;

export class DatabaseProbe {
  readonly stage1: CallCounter = counter();
  readonly stage2: CallCounter = counter();
  readonly direct: CallCounter = counter();
  /** Stage 1 executions per subscription id. */
  readonly stage1By = new Map<string, number>();
  /** When set, every Stage 1 runs through it. */
  stage1Hook: Stage1Hook | null = null;
  /** When set, every direct answer waits for it first (to make callers pile up). */
  directHold: Promise<void> | null = null;

  /** For `wrapDatabase`: the same database, counted. */
  readonly wrap = (database: TenantDatabase): TenantDatabase => ({
    runStage1: (plan) =>
      track(this.stage1, () => {
        const id = plan.subscription ?? "all";
        this.stage1By.set(id, (this.stage1By.get(id) ?? 0) + 1);
        const run = () => database.runStage1(plan);
        return this.stage1Hook ? this.stage1Hook(plan, run) : run();
      }),
    runStage2: (plan, ids, requester, page) =>
      track(this.stage2, () => database.runStage2(plan, ids, requester, page)),
    runDirect: (plan, requester, page) =>
      track(this.direct, async () => {
        await this.directHold;
        return database.runDirect(plan, requester, page);
      }),
    runShared: (plan, ids, requester, page) =>
      ids === null
        ? track(this.direct, async () => {
            await this.directHold;
            return database.runShared(plan, ids, requester, page);
          })
        : track(this.stage2, () => database.runShared(plan, ids, requester, page)),
    contains: (plan, ids, requester, issue) => database.contains(plan, ids, requester, issue),
    cacheIdentity: (plan, user) => database.cacheIdentity(plan, user),
    sharedIdentity: (plan, user) => database.sharedIdentity(plan, user),
    indexedValues: (ids) => database.indexedValues(ids),
    ping: () => database.ping(),
  });

  stage1Of(subscription: string): number {
    return this.stage1By.get(subscription) ?? 0;
  }
}

function counter(): CallCounter {
  return { calls: 0, active: 0, maxActive: 0 };
}

async function track<T>(c: CallCounter, work: () => Promise<T>): Promise<T> {
  c.calls++;
  c.active++;
  c.maxActive = Math.max(c.maxActive, c.active);
  try {
    return await work();
  } finally {
    c.active--;
  }
}
