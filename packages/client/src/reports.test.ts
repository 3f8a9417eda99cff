import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Report, ReportRun } from "./report-types.js";
import { json, type MockSidecar, mockSidecar, TOKEN } from "./testing/mock-sidecar.js";

let sidecar: MockSidecar;
beforeEach(() => {
  sidecar = mockSidecar();
});
afterEach(async () => {
  await sidecar.close();
});

const RUNS = "/v1/tenants/acme/reports/unused-statuses/runs";

function run(state: ReportRun["state"], batchesDone = 0): ReportRun {
  return {
    id: "42",
    tenant: "acme",
    tool: "unused-statuses",
    scope: "project:FOO",
    params: { days: 90 },
    trigger: "adhoc",
    state,
    asOf: "2025-06-01T00:00:00.000Z",
    requestedAt: "2025-06-01T00:00:00.000Z",
    startedAt: state === "queued" ? null : "2025-06-01T00:00:01.000Z",
    deadlineAt: null,
    finishedAt: state === "succeeded" ? "2025-06-01T00:00:09.000Z" : null,
    progress: { batchesDone, batchesTotal: 4, issuesScanned: batchesDone * 250, issuesTotal: 1000 },
    batches: null,
    error: null,
    coalesced: false,
  };
}

const report: Report = {
  tenant: "acme",
  tool: "unused-statuses",
  scope: "jql:project = 10000",
  runId: "42",
  computedAt: "2025-06-01T00:00:01.000Z",
  ageMs: 1200,
  staleness: { stale: false, reason: "fresh", changesSinceRefresh: 0, readsSinceRefresh: 3 },
  summary: { issues_total: 1000, unused: 1 },
  entities: [
    {
      entityType: "status",
      entityId: "6",
      unused: true,
      note: "no issue in project FOO has been in status 'Closed' in the last 90 days",
      metrics: { unused: 1, issues_in_window: 0 },
    },
  ],
};

describe("report calls", () => {
  it("runReport POSTs only the known fields to the tool's runs and returns the run", async () => {
    sidecar.pool.intercept({ path: RUNS, method: "POST" }).reply(202, run("queued"), { headers: json });
    const request = { scope: "project:FOO", params: { days: 90 }, asOf: "2025-06-01T00:00:00Z", extra: 1 };
    expect(await sidecar.client().runReport("unused-statuses", request as never)).toEqual(run("queued"));
    const [call] = sidecar.calls();
    expect(call!.method).toBe("POST");
    expect(call!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` });
    expect(JSON.parse(call!.body!)).toEqual({
      scope: "project:FOO",
      params: { days: 90 },
      asOf: "2025-06-01T00:00:00Z",
    });
  });

  it("runReport retries a 503 when it coalesces, and sends once with coalesce: false", async () => {
    const busy = { error: { code: "E_OVERLOADED", message: "try again" } };
    sidecar.pool.intercept({ path: RUNS, method: "POST" }).reply(503, busy);
    sidecar.pool.intercept({ path: RUNS, method: "POST" }).reply(202, run("queued"));
    sidecar.pool.intercept({ path: RUNS, method: "POST" }).reply(503, busy);
    const client = sidecar.client();
    expect((await client.runReport("unused-statuses", { scope: "tenant" })).id).toBe("42");
    await expect(
      client.runReport("unused-statuses", { scope: "tenant", coalesce: false }),
    ).rejects.toMatchObject({ code: "E_OVERLOADED", status: 503 });
    expect(sidecar.calls()).toHaveLength(3);
  });

  it("reportRun and report GET their routes with tool, id and scope encoded", async () => {
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/reports/my%2Ftool/runs/42" })
      .reply(200, run("running", 2));
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme/reports/unused-statuses?") })
      .reply(200, report);
    const client = sidecar.client();
    expect((await client.reportRun("my/tool", "42")).progress.batchesDone).toBe(2);
    expect(await client.report("unused-statuses", "jql:project = FOO & x")).toEqual(report);
    const [, read] = sidecar.calls();
    expect(read!.searchParams).toEqual({ scope: "jql:project = FOO & x" });
    expect(read!.fullUrl).toContain("scope=jql%3Aproject%20%3D%20FOO%20%26%20x");
  });

  it("keeps the server's codes: no report yet is E_NOT_FOUND (404, not retried)", async () => {
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme/reports/unused-statuses?") })
      .reply(404, { error: { code: "E_NOT_FOUND", message: "no report yet", where: "query.scope" } });
    await expect(sidecar.client().report("unused-statuses", "tenant")).rejects.toMatchObject({
      code: "E_NOT_FOUND",
      status: 404,
      where: "query.scope",
    });
    expect(sidecar.calls()).toHaveLength(1);
  });

  it("rejects a report answer without the fields the client relies on", async () => {
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme/reports/unused-statuses?") })
      .reply(200, { ...report, entities: undefined });
    await expect(sidecar.client().report("unused-statuses", "tenant")).rejects.toMatchObject({
      code: "E_BAD_RESPONSE",
      message: /array `entities`/,
    });
  });

  it("waitForReportRun asks until the run ended, showing each answer", async () => {
    const path = `${RUNS}/42`;
    sidecar.pool.intercept({ path }).reply(200, run("queued"));
    sidecar.pool.intercept({ path }).reply(200, run("running", 3));
    sidecar.pool.intercept({ path }).reply(200, run("succeeded", 4));
    const seen: string[] = [];
    const done = await sidecar.client().waitForReportRun("unused-statuses", "42", {
      intervalMs: 1,
      onProgress: (r) => seen.push(`${r.state} ${r.progress.batchesDone}`),
    });
    expect(done.state).toBe("succeeded");
    expect(seen).toEqual(["queued 0", "running 3", "succeeded 4"]);
  });

  it("waitForReportRun gives up after waitMs (E_TIMEOUT) and stops on the caller's signal (E_ABORTED)", async () => {
    const path = `${RUNS}/42`;
    sidecar.pool.intercept({ path }).reply(200, run("running", 1)).times(2);
    const client = sidecar.client();
    await expect(
      client.waitForReportRun("unused-statuses", "42", { intervalMs: 50, waitMs: 20 }),
    ).rejects.toMatchObject({ code: "E_TIMEOUT", message: /still running .*1 of 4 batches/ });
    const controller = new AbortController();
    const waiting = client.waitForReportRun("unused-statuses", "42", {
      intervalMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ code: "E_ABORTED" });
  });
});
