/**
 * Change events counted per scope by the event path itself: events published to the
 * engine (POST …/events, or the Postgres listener) count toward the projects they touched
 * — both, when an issue moves — and so make the reports of those scopes stale.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportService } from "../../packages/sidecar/src/reports/api/service.js";
import { readActivity } from "../../packages/sidecar/src/reports/policy/activity.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { AS_OF, createReportFixture, type ReportFixture } from "./support/fixture.js";

const TOOL = "unused-versions";
let f: ReportFixture;
let service: ReportService;
let engine: TestEngine;
type Project = { id: number; key: string; issue: string };
let a: Project;
let b: Project;

beforeAll(async () => {
  f = await createReportFixture("changes", 300);
  service = new ReportService({
    connection: f.connection,
    databases: f.databases,
    report: f.report,
    policy: { changeThreshold: 2 },
  });
  [a, b] = await f.db.sql<[Project, Project]>`
    SELECT p.id, p.key, min(i.id)::text AS issue FROM projects p JOIN issues i ON i.project_id = p.id
    GROUP BY p.id, p.key ORDER BY p.id LIMIT 2`;
  const worker = await f.worker();
  for (const project of [a, b]) {
    const run = await service.startRun(f.tenant, TOOL, { scope: `project:${project.key}`, asOf: AS_OF });
    expect((await f.waitForRun(service, TOOL, run.id)).state).toBe("succeeded");
  }
  await worker.close();
  engine = await createTestEngine({ tenant: f.tenant, databaseUrl: f.db.url });
});

afterAll(async () => {
  await engine?.close();
  await service?.close();
  await f?.close();
});

const staleness = async (key: string) =>
  (await service.getReport(f.tenant, TOOL, `project:${key}`)).staleness;

describe("change events from the event path", () => {
  it("count per project they touched, and make those reports stale", async () => {
    expect(await staleness(a.key)).toMatchObject({ stale: false, changesSinceRefresh: 0 });
    // An update in A (its project read from the issue's row), and an issue moved from A to B.
    await engine.engine.ingestEvents(f.tenant, [
      { type: "issue_updated", issueId: a.issue, changes: [{ field: "status", from: "1", to: "3" }] },
      {
        type: "issue_updated",
        issueId: b.issue,
        changes: [{ field: "project", from: String(a.id), to: String(b.id) }],
      },
    ]);
    const activity = await readActivity(f.redis, f.tenant);
    expect(activity.changes(null)).toBe(2);
    expect(activity.changes([a.id])).toBe(2);
    expect(activity.changes([b.id])).toBe(1);
    expect(await staleness(a.key)).toMatchObject({
      stale: true,
      changesSinceRefresh: 2,
      reason: expect.stringMatching(/2 change events in scope/),
    });
    expect(await staleness(b.key)).toMatchObject({ stale: false, changesSinceRefresh: 1 });
    // Configuration events change no issue: they count for no scope.
    await engine.engine.ingestEvents(f.tenant, [{ type: "custom_field_changed", id: 1 }]);
    expect((await readActivity(f.redis, f.tenant)).changes(null)).toBe(2);
  });
});
