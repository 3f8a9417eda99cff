/**
 * The refresh policy at work: change events and reads counted per scope make a report
 * stale and decide which refresh the scheduler starts first, within its global budget;
 * and the `subq report` commands over the same machinery.
 *
 * A run's record says `succeeded` a moment before its worker is done with it: the
 * finalise job still counts against the scheduler's budget until BullMQ completes it, and
 * the run's metrics are counted after the commit. On a busy machine that moment is long,
 * so the tests wait for the state they assert on, not for the run record alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReportProgram } from "../../packages/sidecar/src/cli/report-commands.js";
import { ReportService } from "../../packages/sidecar/src/reports/api/service.js";
import { ReportScheduler } from "../../packages/sidecar/src/reports/host/scheduler.js";
import { countChanges } from "../../packages/sidecar/src/reports/policy/activity.js";
import { REDIS_URL } from "../support/engine.js";
import { AS_OF, createReportFixture, eventually, type ReportFixture } from "./support/fixture.js";

let f: ReportFixture;
let service: ReportService;
let projects: { id: number; key: string }[];
const TOOL = "unused-statuses";
/**
 * The workers' production lock timings: this file does not test stalled jobs, and the
 * fixture's 2 s lock would take a worker whose event loop is slowed by a loaded machine
 * for a dead one and run its job twice (or fail it).
 */
const tuning = { lockDurationMs: 30_000, stalledIntervalMs: 30_000 };

/** Waits until no run holds a place in the scheduler's budget (its last job completed). */
const budgetFree = () =>
  eventually(
    "the finished runs' jobs to leave the budget",
    async () => (await service.queues.activeRuns()) === 0,
  );

beforeAll(async () => {
  f = await createReportFixture("refresh", 800);
  service = new ReportService({
    connection: f.connection,
    databases: f.databases,
    report: f.report,
    policy: { changeThreshold: 5, minReads: 1 },
  });
  projects = await f.db.sql<{ id: number; key: string }[]>`SELECT id, key FROM projects ORDER BY id LIMIT 2`;
  const worker = await f.worker({ tuning });
  for (const project of projects) {
    const run = await service.startRun(f.tenant, TOOL, { scope: `project:${project.key}`, asOf: AS_OF });
    expect((await f.waitForRun(service, TOOL, run.id)).state).toBe("succeeded");
  }
  await worker.close();
});

afterAll(async () => {
  await service?.close();
  await f?.close();
});

describe("refresh policy", () => {
  it("counts change events per project and reads per report into staleness", async () => {
    const [a, b] = projects as [{ id: number; key: string }, { id: number; key: string }];
    const before = await service.getReport(f.tenant, TOOL, `project:${a.key}`);
    expect(before.staleness).toMatchObject({ stale: false, changesSinceRefresh: 0, readsSinceRefresh: 0 });
    await countChanges(f.redis, f.tenant, [...Array(10).fill([a.id]), ...Array(6).fill([b.id])]);
    const after = await service.getReport(f.tenant, TOOL, `project:${a.key}`);
    expect(after.staleness).toEqual({
      stale: true,
      reason: "10 change events in scope since the report's run (threshold 5)",
      changesSinceRefresh: 10,
      readsSinceRefresh: 1,
    });
    await service.getReport(f.tenant, TOOL, `project:${a.key}`);
    await service.getReport(f.tenant, TOOL, `project:${b.key}`);
  });

  it("the scheduler refreshes the most read and most changed report first, within its budget", async () => {
    const [a, b] = projects as [{ id: number; key: string }, { id: number; key: string }];
    const scheduler = new ReportScheduler({
      service,
      databases: f.databases,
      tenants: () => [f.tenant],
      maxConcurrentRuns: 1,
    });
    // a: 3 reads × 10 changes; b: 1 read × 6 changes. No worker: the run stays queued.
    const first = await scheduler.tick();
    expect(first.map((run) => [run.scope, run.priority])).toEqual([[`project:${a.key}`, 30]]);
    expect((await service.getRun(f.tenant, TOOL, first[0]!.runId)).trigger).toBe("scheduled");
    expect(await scheduler.tick()).toEqual([]);
    await f.worker({ tuning });
    expect((await f.waitForRun(service, TOOL, first[0]!.runId)).state).toBe("succeeded");
    await budgetFree();
    // a is fresh now (its new run started after the changes); b is next.
    const second = await scheduler.tick();
    expect(second.map((run) => run.scope)).toEqual([`project:${b.key}`]);
    expect((await f.waitForRun(service, TOOL, second[0]!.runId)).state).toBe("succeeded");
    await budgetFree();
    expect(await scheduler.tick()).toEqual([]);
    expect((await service.getReport(f.tenant, TOOL, `project:${a.key}`)).staleness.stale).toBe(false);
    await f.closeWorkers();
  });
});

describe("subq report", () => {
  it("runs a report to the end in-process and shows it, its run and the tools", async () => {
    const lines: string[] = [];
    const env = { SUBQ_TENANTS: JSON.stringify({ [f.tenant]: { databaseUrl: f.db.url } }) };
    const cli = (...args: string[]) =>
      createReportProgram({ env, stdout: (line) => lines.push(line) }).parseAsync(
        ["report", "--redis", REDIS_URL, "--prefix", f.report.prefix!, ...args],
        { from: "user" },
      );
    const key = projects[0]!.key;
    const target = ["--tenant", f.tenant, "--tool", "unused-versions", "--scope", `project:${key}`];
    await cli("run", ...target, "--as-of", AS_OF, "--param", "days=30", "--wait", "--work");
    expect(lines[0]).toMatch(new RegExp(`^run \\d+ of unused-versions for project:${key}: succeeded$`));
    expect(lines.join("\n")).toMatch(
      /unused-versions for project:\S+ \(run \d+, data of .*\)\n {2}fresh: 0 change events/,
    );
    const runId = /^run (\d+)/.exec(lines[0]!)![1]!;
    lines.length = 0;
    await cli("show", ...target, "--all");
    const versions = await f.db.sql`SELECT id FROM versions WHERE project_id = ${projects[0]!.id}`;
    expect(lines.filter((line) => /^ {2}(UNUSED|used {2}) version \d+: /.test(line))).toHaveLength(
      versions.length,
    );
    lines.length = 0;
    await cli("status", "--tenant", f.tenant, "--tool", "unused-versions", "--run", runId, "--json");
    expect(JSON.parse(lines.join("\n"))).toMatchObject({
      id: runId,
      state: "succeeded",
      params: { days: 30 },
    });
    lines.length = 0;
    await cli("tools");
    expect(lines.filter((line) => /^unused-/.test(line)).map((line) => line.split(" ")[0])).toEqual([
      "unused-components",
      "unused-custom-fields",
      "unused-statuses",
      "unused-versions",
    ]);
    await expect(cli("show", "--tenant", f.tenant, "--tool", "nope", "--scope", "tenant")).rejects.toThrow(
      /unknown report tool "nope"/,
    );
    // A plug-in tool (docs/reports.md's example) loaded from a module.
    lines.length = 0;
    const plugin = ["--tools", "test/reports/support/test-tools.ts"];
    const types = ["--tenant", f.tenant, "--tool", "unused-issue-types", "--scope", "tenant"];
    await cli(...plugin, "run", ...types, "--as-of", AS_OF, "--wait", "--work");
    expect(lines[0]).toMatch(/^run \d+ of unused-issue-types for tenant: succeeded$/);
    lines.length = 0;
    await cli(...plugin, "show", ...types, "--all");
    const issueTypes = await f.db.sql`SELECT id FROM issue_types`;
    expect(lines.filter((line) => /^ {2}(UNUSED|used {2}) issue_type \d+: /.test(line))).toHaveLength(
      issueTypes.length,
    );
    await expect(cli("--tools", "test/reports/support/fixture.ts", "tools")).rejects.toThrow(
      /the module must export "tools"/,
    );
  });

  it("worker --metrics-port works runs and serves their metrics", async () => {
    const lines: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const env = { SUBQ_TENANTS: JSON.stringify({ [f.tenant]: { databaseUrl: f.db.url } }) };
    const worker = createReportProgram({
      env,
      stdout: (line) => lines.push(line),
      stopSignal: () => stopped,
    }).parseAsync(
      ["report", "--redis", REDIS_URL, "--prefix", f.report.prefix!, "worker", "--metrics-port", "0"],
      { from: "user" },
    );
    try {
      await eventually("the worker to be ready", () => lines.some((line) => line.startsWith("ready")));
      const url = /^metrics: (http:\S+)$/.exec(lines.find((line) => line.startsWith("metrics: "))!)![1]!;
      const scope = `project:${projects[1]!.key}`;
      const run = await service.startRun(f.tenant, "unused-components", { scope, asOf: AS_OF });
      const done = await f.waitForRun(service, "unused-components", run.id);
      expect(done.state).toBe("succeeded");
      const tool = { tenant: f.tenant, tool: "unused-components" };
      // The worker counts the run just after committing it: wait for the count.
      let text = "";
      await eventually("the worker to count the run", async () => {
        text = await (await fetch(url)).text();
        return sample(text, "subq_report_runs_total", { ...tool, outcome: "succeeded" }) !== undefined;
      });
      expect(sample(text, "subq_report_runs_total", { ...tool, outcome: "succeeded" })).toBe(1);
      expect(sample(text, "subq_report_batches_total", { ...tool, outcome: "applied" })).toBe(
        done.progress.batchesTotal,
      );
      expect(text).toMatch(/^subq_process_resident_memory_bytes \d+/m);
      expect((await fetch(url.replace("/metrics", "/other"))).status).toBe(404);
    } finally {
      stop();
      await worker;
    }
  });
});

/** The value of the sample of `name` carrying every one of `labels` (Prometheus text format). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split("\n")
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([key, value]) => l.includes(`${key}="${value}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}
