/**
 * The reports' numbers against a direct SQL computation (support/oracle.ts) on a seeded
 * tenant, for every built-in tool, over a project, the whole tenant and a JQL scope.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReportService } from "../../packages/sidecar/src/reports/api/service.js";
import { AS_OF, createReportFixture, type ReportFixture } from "./support/fixture.js";
import { entitiesOf, expectedReport } from "./support/oracle.js";

let f: ReportFixture;
let service: ReportService;
let project: { id: number; key: string };
let projects: { id: number; key: string }[];
type Expected = Awaited<ReturnType<typeof expectedReport>>;

beforeAll(async () => {
  f = await createReportFixture("numbers", 3_000);
  service = f.service();
  await f.worker();
  await f.worker();
  projects = await f.db.sql<{ id: number; key: string }[]>`
    SELECT p.id, p.key FROM projects p JOIN issues i ON i.project_id = p.id
    GROUP BY p.id ORDER BY count(*) DESC LIMIT 4`;
  project = projects[0]!;
});

afterAll(async () => {
  await f?.close();
});

async function runToEnd(tool: string, scope: string, days: number) {
  const started = await service.startRun(f.tenant, tool, { scope, params: { days }, asOf: AS_OF });
  return f.waitForRun(service, tool, started.id);
}

describe("report numbers", () => {
  for (const tool of ["unused-custom-fields", "unused-statuses", "unused-components", "unused-versions"]) {
    it(`${tool} over a project equals the SQL computation`, async () => {
      // The first (project, window) in which the project has both used and unused
      // entities, so that the comparison covers both verdicts (the seed is deterministic).
      let found: { project: { id: number; key: string }; days: number; expected: Expected } | undefined;
      for (const candidate of projects) {
        for (const days of [1, 4, 16, 64]) {
          const scope = { where: `i.project_id = ${candidate.id}`, projects: `project_id = ${candidate.id}` };
          const expected = await expectedReport(f.db.sql, tool, scope, AS_OF, days);
          if (new Set([...expected.entities.values()].map((e) => e.unused)).size === 2) {
            found = { project: candidate, days, expected };
            break;
          }
        }
        if (found) break;
      }
      if (!found) throw new Error(`no project and window gives ${tool} both verdicts`);
      const { project, days, expected } = found;
      const run = await runToEnd(tool, `project:${project.key}`, days);
      expect(run.state).toBe("succeeded");
      const rows = await f.rows(tool, `project:${project.key}`);
      expect(entitiesOf(rows)).toEqual(expected.entities);
      const summary = Object.fromEntries(
        rows.filter((r) => r.entityType === "scope").map((r) => [r.metric, r.value]),
      );
      expect(summary.issues).toBe(expected.issues);
      expect(summary.issues_in_window).toBe(expected.inWindow);
      expect(run.progress.issuesScanned).toBe(expected.issues);
      expect(run.progress.batchesDone).toBe(run.progress.batchesTotal);
    });
  }

  it("unused-custom-fields over the whole tenant equals the SQL computation", async () => {
    const run = await runToEnd("unused-custom-fields", "tenant", 30);
    expect(run.state).toBe("succeeded");
    expect(run.progress.batchesTotal).toBe(12);
    const expected = await expectedReport(
      f.db.sql,
      "unused-custom-fields",
      { where: "TRUE", projects: "TRUE" },
      AS_OF,
      30,
    );
    expect(entitiesOf(await f.rows("unused-custom-fields", "tenant"))).toEqual(expected.entities);
  });

  it("unused-components over a JQL scope equals the SQL computation, keyed by the normalized JQL", async () => {
    const jql = `project = ${project.key} AND issuetype = Bug AND created >= "2023-01-01"`;
    const run = await runToEnd("unused-components", `jql:${jql}`, 365);
    expect(run.state).toBe("succeeded");
    expect(run.scope).toMatch(/^jql:/);
    const where = `i.project_id = ${project.id} AND i.issue_type_id = 1 AND i.created >= '2023-01-01T00:00:00Z'`;
    const expected = await expectedReport(
      f.db.sql,
      "unused-components",
      { where, projects: `project_id = ${project.id}` },
      AS_OF,
      365,
    );
    expect(entitiesOf(await f.rows("unused-components", run.scope))).toEqual(expected.entities);
    // The same scope written differently reads the same report.
    const report = await service.getReport(
      f.tenant,
      "unused-components",
      `jql: issuetype = bug and project = ${project.key.toLowerCase()} and created >= 2023-01-01`,
    );
    expect(report.runId).toBe(run.id);
  });

  it("a scope without issues gives a report of zeros: every candidate never used", async () => {
    const run = await runToEnd("unused-custom-fields", 'jql:created < "2001-01-01"', 30);
    expect(run.state).toBe("succeeded");
    expect(run.progress).toMatchObject({ batchesTotal: 0, batchesDone: 0, issuesTotal: 0, issuesScanned: 0 });
    const report = await service.getReport(f.tenant, "unused-custom-fields", 'jql:created < "2001-01-01"');
    expect(report.summary).toMatchObject({ issues: 0, entities: 9, unused_entities: 9 });
    for (const entity of report.entities)
      expect(entity.note).toMatch(/has ever had a value for .*; 0 of 0 issues$/);
  });
});
