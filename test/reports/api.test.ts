/**
 * The report API end to end: the HTTP routes (in-process app.request) over a real
 * ReportService, workers, Redis and the seeded tenant; every bad input answered with what
 * is wrong, where and how to fix it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOptions } from "../../packages/sidecar/src/config/resolve.js";
import { type App, createApp } from "../../packages/sidecar/src/http/app.js";
import { FakeEngine } from "../../packages/sidecar/src/http/testing/fake-engine.js";
import { createLogger } from "../../packages/sidecar/src/logger.js";
import { createMetrics } from "../../packages/sidecar/src/metrics/metrics.js";
import type { ReportView } from "../../packages/sidecar/src/reports/api/report-view.js";
import type { RunView } from "../../packages/sidecar/src/reports/api/run-view.js";
import { registryDatabases } from "../../packages/sidecar/src/reports/store/tenant-databases.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { AS_OF, createReportFixture, type ReportFixture } from "./support/fixture.js";

let f: ReportFixture;
let app: App;
let key: string;
let bare: TestDatabase;

beforeAll(async () => {
  f = await createReportFixture("api", 800);
  bare = await createTestDatabase("reports_bare");
  const service = f.service();
  app = createApp({
    engine: new FakeEngine([f.tenant]),
    options: resolveOptions({ auth: { disabled: true } }),
    metrics: createMetrics({ processMetrics: false }),
    logger: createLogger({ level: "silent" }),
    reports: service,
  });
  [{ key }] = await f.db.sql<[{ key: string }]>`SELECT key FROM projects ORDER BY id LIMIT 1`;
});

afterAll(async () => {
  await f?.close();
  await bare?.drop();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await app.request(`/v1/tenants/${f.tenant}/reports/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

/** Whatever a route answers: a run, a report, or a problem. */
type Answer = RunView & ReportView & { error: { code: string; message: string; where?: string } };

describe("report routes", () => {
  it("start a run, follow it, then read the report with its age and staleness", async () => {
    // No worker yet: the run waits, and a second identical request joins it.
    const first = await call("POST", "unused-statuses/runs", {
      scope: `project:${key}`,
      params: { days: 60 },
      asOf: AS_OF,
    });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      tool: "unused-statuses",
      scope: `project:${key}`,
      state: "queued",
      coalesced: false,
    });
    expect(first.body.params).toEqual({ days: 60 });
    const again = await call("POST", "unused-statuses/runs", {
      scope: `project:${key.toLowerCase()}`,
      params: { days: "60" },
      asOf: AS_OF,
    });
    expect(again.body).toMatchObject({ id: first.body.id, coalesced: true });
    await f.worker();
    let run: RunView = first.body;
    while (run.state === "queued" || run.state === "running") {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = (await call("GET", `unused-statuses/runs/${first.body.id}`)).body;
    }
    expect(run.state).toBe("succeeded");
    expect(run.progress.batchesDone).toBe(run.progress.batchesTotal);
    expect(run.progress.issuesScanned).toBe(run.progress.issuesTotal);
    expect(run.batches?.count).toBe(run.progress.batchesTotal);
    const report = await call("GET", `unused-statuses?scope=${encodeURIComponent(`project:${key}`)}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      tool: "unused-statuses",
      scope: `project:${key}`,
      runId: first.body.id,
    });
    expect(report.body.staleness).toMatchObject({ stale: false, changesSinceRefresh: 0 });
    expect(report.body.ageMs).toBeGreaterThanOrEqual(0);
    expect(report.body.summary.issues).toBe(run.progress.issuesTotal);
    expect(report.body.entities).toHaveLength(6);
    for (const entity of report.body.entities) {
      expect(entity.note).toMatch(
        entity.unused ? new RegExp(`^no issue in project ${key} has `) : /^in use: last on /,
      );
    }
  });

  const cases: [string, string, string, unknown, number, string, RegExp][] = [
    [
      "an unknown tool",
      "POST",
      "unused-fieldz/runs",
      { scope: "tenant" },
      404,
      "path.tool",
      /unknown report tool "unused-fieldz"; the tools are: unused-components, unused-custom-fields, unused-statuses, unused-versions/,
    ],
    [
      "a malformed scope",
      "POST",
      "unused-statuses/runs",
      { scope: "projekt:FOO" },
      400,
      "body.scope",
      /"projekt:FOO" is not a scope; expected project:<KEY>/,
    ],
    [
      "an unknown project",
      "POST",
      "unused-statuses/runs",
      { scope: "project:NOPE" },
      400,
      "body.scope",
      /no project with key NOPE in this tenant; known keys: /,
    ],
    [
      "a JQL scope that depends on the reader",
      "POST",
      "unused-statuses/runs",
      { scope: "jql:assignee = currentUser()" },
      400,
      "body.scope",
      /depends on who reads it or when .*a report scope must be static/,
    ],
    [
      "a JQL scope that does not parse",
      "POST",
      "unused-statuses/runs",
      { scope: "jql:project = " },
      400,
      "body.scope",
      /is not valid here: .*line 1, column/,
    ],
    [
      "a bad parameter",
      "POST",
      "unused-statuses/runs",
      { scope: "tenant", params: { days: 0 } },
      400,
      "body.params.days",
      /parameter days: expected a whole number of days from 1 to 3650, got 0/,
    ],
    [
      "an unknown parameter",
      "POST",
      "unused-statuses/runs",
      { scope: "tenant", params: { weeks: 2 } },
      400,
      "body.params.weeks",
      /unknown parameter; the parameter is "days"/,
    ],
    [
      "an unknown body field",
      "POST",
      "unused-statuses/runs",
      { scope: "tenant", scopes: "x" },
      400,
      "body",
      /unknown field "scopes"; the fields are: scope, params, asOf, maxRuntimeMs, coalesce/,
    ],
    [
      "a missing scope",
      "POST",
      "unused-statuses/runs",
      {},
      400,
      "body.scope",
      /is required: project:<KEY>, jql:<query> or tenant/,
    ],
    [
      "a bad asOf",
      "POST",
      "unused-statuses/runs",
      { scope: "tenant", asOf: "yesterday" },
      400,
      "body.asOf",
      /asOf: expected an ISO 8601 instant/,
    ],
    [
      "a runtime over the limit",
      "POST",
      "unused-statuses/runs",
      { scope: "tenant", maxRuntimeMs: 1e9 },
      400,
      "body.maxRuntimeMs",
      /maxRuntimeMs: expected whole ms from 1 to 1800000/,
    ],
    [
      "an unknown run",
      "GET",
      "unused-statuses/runs/999999",
      undefined,
      404,
      "path.id",
      /has no unused-statuses run 999999/,
    ],
    [
      "a run id that is not one",
      "GET",
      "unused-statuses/runs/abc",
      undefined,
      400,
      "path.id",
      /must be a run id/,
    ],
    [
      "a report never computed",
      "GET",
      "unused-versions?scope=tenant",
      undefined,
      404,
      "query.scope",
      /no unused-versions report for tenant yet; start one with POST .*\/reports\/unused-versions\/runs/,
    ],
    ["a report without a scope", "GET", "unused-versions", undefined, 400, "query.scope", /is required/],
  ];
  for (const [what, method, path, body, status, where, message] of cases) {
    it(`answers ${what} with ${status}, where and how to fix it`, async () => {
      const res = await call(method, path, body);
      expect(res.status).toBe(status);
      expect(res.body.error.where).toBe(where);
      expect(res.body.error.message).toMatch(message);
    });
  }

  it("names the migration a tenant without report tables needs, and unknown tenants", async () => {
    const registry = {
      tenants: { bare_tenant: { databaseUrl: bare.url } },
      urlTemplate: null,
      origins: ["test"],
    };
    const databases = registryDatabases(registry);
    const { ReportService } = await import("../../packages/sidecar/src/reports/api/service.js");
    const service = new ReportService({ connection: f.connection, databases, report: f.report });
    try {
      await bare.sql`CREATE TABLE projects (id int, key text)`;
      await bare.sql`INSERT INTO projects VALUES (1, 'FOO')`;
      await expect(
        service.startRun("bare_tenant", "unused-statuses", { scope: "project:FOO" }),
      ).rejects.toThrow(
        "tenant bare_tenant has no report tables; run `subq db migrate --tenant bare_tenant` (migration 0006_reports)",
      );
      await expect(service.getReport("other", "unused-statuses", "tenant")).rejects.toThrow(
        /unknown tenant "other"/,
      );
    } finally {
      await service.close();
      await databases.close();
    }
  });
});
