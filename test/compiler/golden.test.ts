/**
 * Golden tests: JQL → SQL text and parameters for a broad set of queries over the fixture
 * catalog (test/compiler/golden/*.sql, regenerated with UPDATE_GOLDEN=1 and reviewed like
 * code). Every golden statement also runs on the fixture tenant, so none is invalid SQL.
 */
import { describe, expect, it } from "vitest";
import { catalogResolver, type Plan, parse, plan } from "../../packages/jql/src/index.js";
import {
  type CompiledSql,
  compileContains,
  compileCount,
  compileDirect,
  compileStage1,
  compileStage2,
} from "../../packages/sidecar/src/db/compiler/index.js";
import { FIXTURE_NOW } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import { type GoldenCase, golden, render } from "./support/golden.js";
import { type Harness, requestOf } from "./support/harness.js";

const PAGE = { startAt: 0, maxResults: 50 };

const STATIC = [
  "project = PUB",
  "project in (PUB, SEC) AND status != Done",
  "issuetype in standardIssueTypes() AND statusCategory = done",
  "priority > Medium OR priority IS EMPTY",
  "resolution = Unresolved AND assignee IS NOT EMPTY",
  "resolution in (Fixed, Unresolved)",
  "labels in (frontend, backend) AND labels != Regression",
  "component = UI",
  "fixVersion <= 2.0 AND affectedVersion IS EMPTY",
  "sprint IS NOT EMPTY",
  "issuekey in (PUB-1, 5) OR key < SEC-2",
  "parent = PUB-1",
  'reporter in (alice, "bob@example.com")',
  "watcher = carol AND voter IS EMPTY",
  "watchers > 1 AND votes <= 5",
  'created >= 2024-06-01 AND updated < "2024/06/10 12:00"',
  "resolved IS EMPTY",
  "due = 2024-06-15",
  'due < "2024-06-15 10:00"',
  'originalEstimate >= "1w 2d" AND timeSpent < 90',
  "workRatio > 50",
  "attachments IS NOT EMPTY",
  "summary ~ 'login*' AND description !~ \"quick win\"",
  "environment IS EMPTY",
  "category = Products AND projectType != business",
  "level IS EMPTY",
  "Severity = Critical AND Platforms in (Linux, Mac)",
  '"Story Points" >= 3 AND "Release Date" < 2024-07-01',
  '"Deployed At" > 2024-06-10 AND Reviewer = carol',
  "Notes ~ qa AND Tags = ux",
  '"Team[Select List (single choice)]" = Red OR Team IS EMPTY',
];

const HISTORY = [
  "status WAS Open",
  "status WAS IN (Open, Done) BEFORE 2024-06-10 AFTER 2024-06-01",
  "assignee WAS NOT bob ON 2024-06-05",
  'resolution WAS EMPTY DURING ("2024-06-01", "2024-06-30") BY bob',
  "fixVersion WAS 2.0",
  "fixVersion WAS EMPTY",
  "status CHANGED",
  "status CHANGED FROM Open TO 2 BY alice AFTER 2024-06-01",
  "NOT priority CHANGED DURING (2024-06-01, 2024-06-03)",
  "fixVersion CHANGED TO 3.0",
];

const DYNAMIC = [
  "assignee = currentUser()",
  "reporter in membersOf(developers) AND watcher != currentUser()",
  "created > -1w AND updated <= startOfDay()",
  "due <= endOfWeek(1) AND due >= startOfMonth(-1)",
  "sprint in openSprints() AND fixVersion in unreleasedVersions(PUB)",
  "fixVersion = latestReleasedVersion(PUB) OR fixVersion = earliestUnreleasedVersion(SEC)",
  "component in componentsLeadByUser() OR project in projectsLeadByUser(bob)",
  'project in projectsWhereUserHasPermission("Browse Projects") AND project in projectsWhereUserHasRole(Users)',
  "issuekey in watchedIssues() OR issuekey in votedIssues()",
  "comment ~ csrf",
  "comment !~ firefox AND comment IS NOT EMPTY",
  'text ~ "login button"',
  "status CHANGED BY currentUser() AFTER -30d",
];

const ORDERS = [
  "",
  "ORDER BY priority",
  "ORDER BY key ASC",
  "ORDER BY fixVersion DESC, summary",
  "ORDER BY statusCategory, labels DESC, component",
  "ORDER BY Team, Platforms DESC, Notes, Tags",
  "ORDER BY project, category, projectType DESC, watchers",
  "status = Open ORDER BY workRatio DESC, due ASC, created",
];

describe("golden SQL", () => {
  let h: Harness;
  const alice = { user: "alice", now: FIXTURE_NOW };
  useFixtureTenant("compiler_golden", (opened) => {
    h = opened;
  });

  async function check(file: string, cases: readonly GoldenCase[]): Promise<void> {
    for (const c of cases) await h.db.sql.unsafe(c.text, c.values as never[]);
    const actual = render(cases);
    expect(actual).toBe(golden(new URL(`golden/${file}`, import.meta.url), actual));
  }

  const goldenCase = (jql: string, kind: string, compiled: CompiledSql): GoldenCase => ({
    jql,
    kind,
    text: compiled.text,
    values: compiled.values,
  });
  /** As the sidecar compiles: the plan's normalized, split trees (names resolved to ids). */
  const planned = (jql: string): Plan => plan(jql, { resolver: catalogResolver(h.catalog) });

  it("Stage 1 of static queries", async () => {
    const cases = STATIC.map((jql) =>
      goldenCase(jql, "stage 1", compileStage1(planned(jql).stage1, h.compiler)),
    );
    await check("stage1.sql", cases);
  });

  it("history (direct: its clauses are Stage 2's)", async () => {
    const cases = HISTORY.map((jql) =>
      goldenCase(
        jql,
        "direct",
        compileDirect(planned(jql).normalized, h.compiler, requestOf(h, alice), PAGE),
      ),
    );
    await check("history.sql", cases);
  });

  it("direct queries for alice at the fixture's now", async () => {
    const request = requestOf(h, alice);
    const cases = DYNAMIC.map((jql) =>
      goldenCase(jql, "direct", compileDirect(planned(jql).normalized, h.compiler, request, PAGE)),
    );
    await check("direct.sql", cases);
  });

  it("Stage 2 over three ids, ordered; count; contains", async () => {
    const request = requestOf(h, alice);
    const cases = ORDERS.map((jql) =>
      goldenCase(
        jql,
        "stage 2",
        compileStage2(planned(jql).stage2, ["1", "2", "3"], h.compiler, request, PAGE),
      ),
    );
    const where = parse("assignee = currentUser()").where;
    cases.push(
      goldenCase("assignee = currentUser()", "count", compileCount(where, h.compiler, request, ["1", "5"])),
    );
    cases.push(
      goldenCase("assignee = currentUser()", "contains", compileContains(where, "1", h.compiler, request)),
    );
    await check("stage2.sql", cases);
  });
});
