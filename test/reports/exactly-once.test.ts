/**
 * Exactly-once under faults: whatever fails, repeats or reorders, a run's report equals a
 * clean run's. Batches that fail and retry, scan jobs delivered twice, a worker process
 * killed with SIGKILL mid-batch (BullMQ's stalled check hands its batch to another
 * worker), a Finalise run twice at once, an older run finishing after a newer one
 * (merge-order.test.ts: batches merged in random orders).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// bullmq is a dependency of the sidecar package, not of the workspace root.
import { Job, Queue } from "../../packages/sidecar/node_modules/bullmq/dist/esm/index.js";
import type { ReportService } from "../../packages/sidecar/src/reports/api/service.js";
import {
  type FinaliseJobData,
  jobIds,
  QUEUES,
  type RunRef,
} from "../../packages/sidecar/src/reports/framework/jobs.js";
import {
  createReportMetrics,
  type ReportMetrics,
} from "../../packages/sidecar/src/reports/framework/metrics.js";
import type { StoredRow } from "../../packages/sidecar/src/reports/store/report-read.js";
import { unusedCustomFields } from "../../packages/sidecar/src/reports/tools/builtin.js";
import { REDIS_URL } from "../support/engine.js";
import { spawnWorker } from "./support/child-worker.js";
import { AS_OF, createReportFixture, eventually, type ReportFixture } from "./support/fixture.js";
import { FinaliseGates, flakyTool, gatedTool } from "./support/test-tools.js";

const SCOPE = "tenant";
const PARAMS = { days: 30 };
let f: ReportFixture;
let clean: { runId: string; rows: StoredRow[]; batches: number };

beforeAll(async () => {
  f = await createReportFixture("once", 2_000);
  const service = f.service();
  const worker = await f.worker();
  const run = await start(service, "unused-custom-fields");
  const done = await f.waitForRun(service, "unused-custom-fields", run.id);
  expect(done.state).toBe("succeeded");
  clean = {
    runId: run.id,
    rows: await f.rows("unused-custom-fields", SCOPE),
    batches: done.progress.batchesTotal!,
  };
  expect(clean.batches).toBe(8);
  await worker.close();
});

afterEach(async () => {
  await f.closeWorkers();
});

afterAll(async () => {
  await f?.close();
});

const start = (service: ReportService, tool: string, coalesce = true) =>
  service.startRun(f.tenant, tool, { scope: SCOPE, params: PARAMS, asOf: AS_OF, coalesce });

const counts = async (metrics: ReportMetrics, handle: "batches" | "runs"): Promise<Record<string, number>> =>
  Object.fromEntries((await metrics.handles[handle].get()).values.map((v) => [v.labels.outcome, v.value]));
const total = (outcomes: Record<string, number>) => Object.values(outcomes).reduce((a, b) => a + b, 0);

describe("exactly once", () => {
  it("retried batches count once: every batch fails its first attempt", async () => {
    const tool = flakyTool();
    const metrics = createReportMetrics();
    const service = f.service([tool]);
    await f.worker({ tools: [tool], metrics });
    const run = await start(service, tool.name);
    const done = await f.waitForRun(service, tool.name, run.id);
    expect(done.state).toBe("succeeded");
    expect(tool.failures()).toBe(clean.batches);
    expect(done.batches?.retried).toBe(clean.batches);
    expect(await counts(metrics, "batches")).toEqual({ failed: clean.batches, applied: clean.batches });
    expect(await f.rows(tool.name, SCOPE)).toEqual(clean.rows);
  });

  it("scan jobs delivered twice count once", async () => {
    const metrics = createReportMetrics();
    const service = f.service();
    const scan = new Queue(QUEUES.scan, { connection: f.connection, prefix: f.report.prefix });
    await f.worker({ metrics });
    await f.worker({ metrics });
    await scan.pause();
    try {
      const run = await start(service, "unused-custom-fields", false);
      const finalise = new Queue<FinaliseJobData>(QUEUES.finalise, {
        connection: f.connection,
        prefix: f.report.prefix,
      });
      const spec = await waitForFlow(finalise, f.tenant, run.id);
      await finalise.close();
      const [{ bounds }] = await f.db.sql<[{ bounds: string[] }]>`
        SELECT batch_bounds::text[] AS bounds FROM report_runs WHERE id = ${run.id}`;
      for (let index = 0; index < bounds!.length - 1; index++) {
        const data = { run: spec, index, lo: bounds![index]!, hi: bounds![index + 1]! };
        await scan.add("scan", data, { jobId: `dup-${run.id}-${index}`, removeOnComplete: true });
      }
      await scan.resume();
      const done = await f.waitForRun(service, "unused-custom-fields", run.id);
      expect(done.state).toBe("succeeded");
      await eventually(
        "every scan job to finish",
        async () => total(await counts(metrics, "batches")) === 2 * clean.batches,
      );
      const outcomes = await counts(metrics, "batches");
      expect(outcomes.applied).toBe(clean.batches);
      expect((outcomes.duplicate ?? 0) + (outcomes.stopped ?? 0)).toBe(clean.batches);
      expect(await f.rows("unused-custom-fields", SCOPE)).toEqual(clean.rows);
    } finally {
      await scan.resume();
      await scan.close();
    }
  });

  it("a worker killed with SIGKILL mid-batch: its batch is recovered by another worker and counted once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "subq-reports-"));
    const marker = join(dir, "stalled");
    const child = spawnWorker({
      tenant: f.tenant,
      databaseUrl: f.db.url,
      redisUrl: REDIS_URL,
      prefix: f.report.prefix!,
      tools: "test/reports/support/test-tools.ts",
      args: ["--batch-size", "250", "--lock-ms", "1000", "--stalled-ms", "500"],
      env: { SUBQ_TEST_STALL_MARKER: marker },
    });
    try {
      await child.ready;
      const service = f.service([{ ...unusedCustomFields, name: "test-stall-fields" }]);
      const run = await start(service, "test-stall-fields");
      await eventually("the child to stall mid-batch", () => existsSync(marker), 30_000);
      const before = await service.getRun(f.tenant, "test-stall-fields", run.id);
      expect(before.state).toBe("running");
      child.process.kill("SIGKILL");
      expect(await child.exited).toBeNull();
      // A survivor recovers the stalled batch once its lock (1 s) expires.
      const metrics = createReportMetrics();
      await f.worker({ tools: [{ ...unusedCustomFields, name: "test-stall-fields" }], metrics });
      const done = await f.waitForRun(service, "test-stall-fields", run.id);
      expect(done.state).toBe("succeeded");
      // The killed worker applied nothing: every batch, the stalled one too, was applied here.
      expect((await counts(metrics, "batches")).applied).toBe(clean.batches);
      expect(await f.rows("test-stall-fields", SCOPE)).toEqual(clean.rows);
    } finally {
      child.process.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a Finalise run twice at once commits once", async () => {
    const gates = new FinaliseGates();
    const tool = gatedTool(gates);
    const metrics = createReportMetrics();
    const service = f.service([tool]);
    await f.worker({ tools: [tool], metrics });
    await f.worker({ tools: [tool], metrics });
    const run = await start(service, tool.name);
    await gates.arrived(run.id);
    // The same Finalise again, as after a lost acknowledgement: both wait at the gate.
    const finalise = new Queue<FinaliseJobData>(QUEUES.finalise, {
      connection: f.connection,
      prefix: f.report.prefix,
    });
    const original = await Job.fromId<FinaliseJobData>(
      finalise,
      jobIds.finalise({ tenant: f.tenant, runId: run.id }),
    );
    await finalise.add("finalise", original!.data, { jobId: `dup-fin-${run.id}`, removeOnComplete: true });
    await finalise.close();
    await gates.arrived(run.id, 2);
    gates.release(run.id);
    await eventually("both finalises", async () => total(await counts(metrics, "runs")) === 2);
    expect(await counts(metrics, "runs")).toEqual({ succeeded: 1, duplicate: 1 });
    expect((await service.getRun(f.tenant, tool.name, run.id)).state).toBe("succeeded");
    expect(await f.rows(tool.name, SCOPE)).toEqual(clean.rows);
    const [head] = await f.db.sql`SELECT run_id::text AS "runId" FROM report_heads WHERE tool = ${tool.name}`;
    expect(head!.runId).toBe(run.id);
  });

  it("an older run finishing after a newer one leaves the newer report", async () => {
    const gates = new FinaliseGates();
    const tool = gatedTool(gates, "test-gated-order");
    const service = f.service([tool]);
    await f.worker({ tools: [tool] });
    await f.worker({ tools: [tool] });
    const older = await start(service, tool.name, false);
    await gates.arrived(older.id);
    const newer = await start(service, tool.name, false);
    gates.release(newer.id);
    expect((await f.waitForRun(service, tool.name, newer.id)).state).toBe("succeeded");
    gates.release(older.id);
    const late = await f.waitForRun(service, tool.name, older.id);
    expect(late.state).toBe("superseded");
    const [head] = await f.db.sql`SELECT run_id::text AS "runId" FROM report_heads WHERE tool = ${tool.name}`;
    expect(head!.runId).toBe(newer.id);
    const rows = await f.db
      .sql`SELECT DISTINCT run_id::text AS "runId" FROM report_values WHERE tool = ${tool.name}`;
    expect(rows.map((r) => r.runId)).toEqual([newer.id]);
    expect(await f.rows(tool.name, SCOPE)).toEqual(clean.rows);
    expect((await service.getReport(f.tenant, tool.name, SCOPE)).runId).toBe(newer.id);
  });
});

async function waitForFlow(queue: Queue<FinaliseJobData>, tenant: string, runId: string): Promise<RunRef> {
  const id = jobIds.finalise({ tenant, runId });
  let job: Job<FinaliseJobData> | undefined;
  await eventually("the flow", async () => {
    job = await Job.fromId<FinaliseJobData>(queue, id);
    return job !== undefined;
  });
  return job!.data.run;
}
