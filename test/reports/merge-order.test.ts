/**
 * Order does not matter: a run's batches merged in random orders (some twice, as
 * retries would) give the Redis state and the rows of a clean run through the queues.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../../packages/sidecar/src/redis/store.js";
import {
  type Contribution,
  createContribution,
  mergedState,
} from "../../packages/sidecar/src/reports/contract/contribution.js";
import { scopeHash } from "../../packages/sidecar/src/reports/contract/scope.js";
import { readIssueBatch } from "../../packages/sidecar/src/reports/framework/issue-batch.js";
import { resolveScope } from "../../packages/sidecar/src/reports/framework/scope-resolve.js";
import {
  applyBatchState,
  initJobState,
  readMergedFields,
} from "../../packages/sidecar/src/reports/store/job-state.js";
import { reportJobKeys } from "../../packages/sidecar/src/reports/store/keys.js";
import { unusedStatuses } from "../../packages/sidecar/src/reports/tools/builtin.js";
import { AS_OF, createReportFixture, type ReportFixture } from "./support/fixture.js";

const TOOL = unusedStatuses;
const PARAMS = { days: 30 };
let f: ReportFixture;

beforeAll(async () => {
  f = await createReportFixture("order", 1_500);
  await createStore(f.redis);
});

afterAll(async () => {
  await f?.close();
});

describe("merge order", () => {
  it("batches merged in random orders, some twice, give the clean run's state and rows", async () => {
    const service = f.service();
    await f.worker();
    const started = await service.startRun(f.tenant, TOOL.name, {
      scope: "tenant",
      params: PARAMS,
      asOf: AS_OF,
    });
    const clean = await f.waitForRun(service, TOOL.name, started.id);
    expect(clean.state).toBe("succeeded");
    const cleanKeys = reportJobKeys(f.tenant, scopeHash("tenant"), clean.id);
    const cleanState = await readMergedFields(f.redis, cleanKeys);
    const cleanRows = await f.rows(TOOL.name, "tenant");
    expect(cleanState.size).toBeGreaterThan(0);

    const [{ bounds }] = await f.db.sql<[{ bounds: string[] }]>`
      SELECT batch_bounds::text[] AS bounds FROM report_runs WHERE id = ${clean.id}`;
    const scope = await resolveScope(f.db.sql, { kind: "tenant" });
    const context = { tenant: f.tenant, runId: clean.id, scope, params: PARAMS, asOfMs: Date.parse(AS_OF) };
    const contributions: Contribution[] = [];
    for (let index = 0; index < bounds.length - 1; index++) {
      const range = { lo: bounds[index]!, hi: bounds[index + 1]! };
      const out = createContribution();
      TOOL.contribute(await readIssueBatch(f.db.sql, scope, TOOL.facets, range), context, out);
      contributions.push(out.build());
    }
    expect(contributions).toHaveLength(clean.progress.batchesTotal!);

    for (const seed of [1, 2, 3, 4, 5]) {
      const keys = reportJobKeys(f.tenant, scopeHash("tenant"), String(900_000 + seed));
      const now = Date.now();
      const job = {
        nowMs: now,
        deadlineMs: now + 60_000,
        expireAtMs: now + 60_000,
        runId: String(seed),
        tool: TOOL.name,
        scope: "tenant",
      };
      await initJobState(f.redis, keys, { ...job, batches: contributions.length });
      const order = shuffled(
        contributions.map((_, i) => i),
        seed,
      );
      for (const index of [...order, ...order.slice(0, seed)]) {
        await applyBatchState(f.redis, keys, {
          nowMs: now,
          index,
          log: "1 1 1",
          contribution: contributions[index]!,
        });
      }
      const state = await readMergedFields(f.redis, keys);
      expect(state).toEqual(cleanState);
      const rows = await TOOL.finalise(mergedState(state), { ...context, db: f.db.sql, issuesScanned: 0 });
      expect(rows.map((row) => ({ ...row, note: row.note ?? null })).sort(byEntity)).toEqual(cleanRows);
      await f.redis.del(keys.meta, keys.acc, keys.done, keys.log);
    }
  });
});

/** The order of report_read.ts's readRows: entity type, entity id, metric (as text). */
function byEntity(a: { entityType: string; entityId: string; metric: string }, b: typeof a): number {
  const key = (row: typeof a) => [row.entityType, row.entityId, row.metric];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** A deterministic permutation (mulberry32). */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
