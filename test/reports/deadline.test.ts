/**
 * Runs that stop, and leftovers: a run past its deadline is stopped, marked expired, and
 * its Redis state deleted (batches that run afterwards recreate nothing, and no report
 * is written); a batch that fails on every attempt fails its run the same way; a normal
 * run's state only outlives it by the inspection time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// bullmq is a dependency of the sidecar package, not of the workspace root.
import { Queue } from "../../packages/sidecar/node_modules/bullmq/dist/esm/index.js";
import { QUEUES } from "../../packages/sidecar/src/reports/framework/jobs.js";
import { createReportMetrics } from "../../packages/sidecar/src/reports/framework/metrics.js";
import { unusedCustomFields } from "../../packages/sidecar/src/reports/tools/builtin.js";
import { AS_OF, createReportFixture, eventually, type ReportFixture } from "./support/fixture.js";

const INSPECTION_MS = 1_500;
let f: ReportFixture;

beforeAll(async () => {
  f = await createReportFixture("deadline", 1_200, { inspectionTtlMs: INSPECTION_MS });
});

afterEach(async () => {
  await f.closeWorkers();
});

afterAll(async () => {
  await f?.close();
});

describe("deadlines", () => {
  it("stops a run past its deadline, marks it expired and deletes its Redis state", async () => {
    const service = f.service();
    const metrics = createReportMetrics();
    const scan = new Queue(QUEUES.scan, { connection: f.connection, prefix: f.report.prefix });
    await f.worker({ metrics });
    await scan.pause();
    try {
      const run = await service.startRun(f.tenant, "unused-statuses", {
        scope: "tenant",
        asOf: AS_OF,
        maxRuntimeMs: 600,
      });
      // Initialise ran (its state exists) but no batch can run: the scan queue is paused.
      await eventually("the run's state", async () => (await f.jobKeys()).length > 0);
      const expired = await f.waitForRun(service, "unused-statuses", run.id, ["expired"]);
      expect(expired.error).toBe("the run passed its deadline and was stopped");
      expect(expired.finishedAt).not.toBeNull();
      expect(await f.jobKeys()).toEqual([]);
      // The batches still queued run now, find the state gone, and recreate nothing.
      await scan.resume();
      await eventually("every batch to find the state gone", async () =>
        (await metrics.handles.batches.get()).values.some(
          (v) => v.labels.outcome === "gone" && v.value === expired.progress.batchesTotal,
        ),
      );
      await eventually("the scan queue to drain", async () => {
        const { wait = 0, active = 0 } = await scan.getJobCounts("wait", "active");
        return wait + active === 0;
      });
      const finalise = new Queue(QUEUES.finalise, { connection: f.connection, prefix: f.report.prefix });
      await eventually("the finalise queue to drain", async () =>
        Object.values(await finalise.getJobCounts()).every((n) => n === 0),
      );
      await finalise.close();
      expect(await f.jobKeys()).toEqual([]);
      expect((await service.getRun(f.tenant, "unused-statuses", run.id)).state).toBe("expired");
      await expect(service.getReport(f.tenant, "unused-statuses", "tenant")).rejects.toThrow(
        /no unused-statuses report for tenant yet/,
      );
      expect((await metrics.handles.runs.get()).values.map((v) => [v.labels.outcome, v.value])).toEqual([
        ["expired", 1],
      ]);
    } finally {
      await scan.resume();
      await scan.close();
    }
  });

  it("fails a run whose batch fails on every attempt, deletes its state and writes no report", async () => {
    const broken = {
      ...unusedCustomFields,
      name: "test-broken-fields",
      contribute: () => {
        throw new Error("the tool is broken");
      },
    };
    const service = f.service([broken]);
    await f.worker({ tools: [broken] });
    const run = await service.startRun(f.tenant, broken.name, { scope: "tenant", asOf: AS_OF });
    const failed = await f.waitForRun(service, broken.name, run.id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/^scan batch \d+ failed 4 times; last error: the tool is broken$/);
    expect(await f.jobKeys()).toEqual([]);
    await expect(service.getReport(f.tenant, broken.name, "tenant")).rejects.toThrow(
      /no test-broken-fields report/,
    );
  });

  it("keeps a finished run's state for the inspection time only, with expiries on every key", async () => {
    const service = f.service();
    await f.worker();
    const run = await service.startRun(f.tenant, "unused-versions", { scope: "tenant", asOf: AS_OF });
    expect((await f.waitForRun(service, "unused-versions", run.id)).state).toBe("succeeded");
    const keys = (await f.jobKeys()).filter(
      (key) => key.endsWith(`-${run.id}}:meta`) || key.includes(`-${run.id}}:`),
    );
    expect(keys.map((key) => key.split(":").at(-1)).sort()).toEqual(["acc", "done", "log", "meta"]);
    for (const key of keys) {
      const ttl = await f.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(INSPECTION_MS);
    }
    expect(await f.redis.hget(keys.find((key) => key.endsWith(":meta"))!, "state")).toBe("succeeded");
    // The deadline job was dropped, and no BullMQ job is left.
    const deadline = new Queue(QUEUES.deadline, { connection: f.connection, prefix: f.report.prefix });
    expect(await deadline.getJobCounts("delayed", "wait")).toEqual({ delayed: 0, wait: 0 });
    await deadline.close();
    await new Promise((resolve) => setTimeout(resolve, INSPECTION_MS + 200));
    expect(await f.jobKeys()).toEqual([]);
  });
});
