import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../packages/sidecar/src/db/dataset.js";
import { isDbError } from "../../packages/sidecar/src/db/errors.js";
import { defaultDatasetDir, loadJiraDataset } from "../../packages/sidecar/src/db/load/jira-load.js";
import { readJiraEvents } from "../../packages/sidecar/src/db/load/jira-records.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { historyViolations } from "./history-check.js";
import { writeMiniDump } from "./mini-dump.js";

/** Figures of shared/data/appcelerator-jira (its README and stats.json). */
const DUMP = { issues: 29_057, comments: 104_730, projects: 5, linkedParents: 979 };

describe("subq db load on the Appcelerator Jira dump", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("load_full");
    await migrate(db.sql);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("loads every issue, comment and project", async () => {
    const result = await loadJiraDataset(db.sql);
    expect(result).toMatchObject({ issues: DUMP.issues, comments: DUMP.comments, projects: DUMP.projects });
    const [counts] = await db.sql`
      SELECT (SELECT count(*) FROM issues)::int AS issues, (SELECT count(*) FROM comments)::int AS comments,
             (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM issues WHERE parent_id IS NOT NULL)::int AS parents,
             (SELECT count(*) FROM issues WHERE project_id = 10153)::int AS timob,
             (SELECT count(*) FROM statuses s JOIN issues i ON i.status_id = s.id WHERE s.category = 'done')::int AS done`;
    const { linkedParents, ...totals } = DUMP;
    expect(counts).toEqual({ ...totals, parents: linkedParents, timob: 22_371, done: 26_169 });
  });

  it("maps an issue field by field", async () => {
    const [issue] = await db.sql`
      SELECT i.id::int, i.key, p.key AS project, t.name AS type, s.name AS status, r.name AS resolution, pr.name AS priority,
             i.assignee_id, i.reporter_id, i.summary, i.created, i.resolved, i.attachment_count,
             (SELECT array_agg(c.name) FROM issue_components ic JOIN components c ON c.id = ic.component_id WHERE ic.issue_id = i.id) AS components
      FROM issues i JOIN projects p ON p.id = i.project_id JOIN issue_types t ON t.id = i.issue_type_id
      JOIN statuses s ON s.id = i.status_id LEFT JOIN resolutions r ON r.id = i.resolution_id
      LEFT JOIN priorities pr ON pr.id = i.priority_id WHERE i.key = 'AC-102'`;
    expect(issue).toEqual({
      id: 147272,
      key: "AC-102",
      project: "AC",
      type: "Bug",
      status: "Resolved",
      resolution: "Invalid",
      priority: null,
      assignee_id: "rtlechuga",
      reporter_id: "agf2015",
      summary: "Project Compile Error - Target: Android - SDK: Titanium SDK 4.0.0RC",
      created: new Date("2015-04-24T23:35:08Z"),
      resolved: new Date("2015-05-18T04:26:48Z"),
      attachment_count: 0,
      components: ["Studio"],
    });
  });

  it("sets up permissions: a public scheme, and the AC inbox restricted to the team and reporters", async () => {
    const schemes = await db.sql`
      SELECT p.key, s.name AS scheme FROM projects p JOIN permission_schemes s ON s.id = p.permission_scheme_id ORDER BY p.key`;
    expect(schemes.map((r) => `${r.key}:${r.scheme}`)).toEqual([
      "AC:Community inbox",
      "ALOY:Public",
      "DAEMON:Public",
      "MOD:Public",
      "TIMOB:Public",
    ]);
    const [roles] =
      await db.sql`SELECT count(*)::int AS n FROM project_role_members WHERE user_id IS NOT NULL`;
    expect(roles!.n).toBe(5);
  });

  it("derives a change history consistent with the snapshot", async () => {
    const dataset = await loadDataset(db.sql);
    expect(dataset.issues).toHaveLength(DUMP.issues);
    expect(dataset.comments).toHaveLength(DUMP.comments);
    expect(dataset.history.length).toBeGreaterThan(50_000);
    expect(historyViolations(dataset)).toEqual([]);
    const resolutionChanged = new Set(
      dataset.history.filter((c) => c.field === "resolution").map((c) => c.issueId),
    );
    const resolvedWithoutHistory = dataset.issues.filter(
      (i) => i.resolutionId !== null && !resolutionChanged.has(i.id),
    );
    // Only issues still "Open" while resolved keep their resolution as an initial value.
    const open = dataset.catalog.statuses.find((s) => s.name === "Open")!.id;
    expect(resolvedWithoutHistory.every((i) => i.statusId === open)).toBe(true);
  });

  it("refuses a second load into the now non-empty tenant", async () => {
    const error = await loadJiraDataset(db.sql, { limit: 10 }).catch((e: unknown) => e);
    expect(isDbError(error, "E_TENANT_NOT_EMPTY")).toBe(true);
  });
});

describe("subq db load mapping details, on a miniature dump", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("load_mini");
    await migrate(db.sql);
    dir = await mkdtemp(join(tmpdir(), "subq-dump-"));
    await writeMiniDump(dir);
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("maps names to ids, links parents and flags, cleans text and derives the history exactly", async () => {
    await loadJiraDataset(db.sql, { dir });
    const { catalog, issues, comments, history } = await loadDataset(db.sql);
    const status = (name: string) => String(catalog.statuses.find((s) => s.name === name)!.id);
    const ms = (iso: string) => Date.parse(iso);
    const bug = issues.find((i) => i.key === "MINI-1")!;
    expect(bug).toMatchObject({
      id: 501,
      projectId: 20001,
      summary: "Crash on start",
      labels: ["regression"],
      componentIds: [301],
      fixVersionIds: [401],
      sprintIds: [7],
      resolved: ms("2020-01-08T10:00:00Z"),
      statusCategoryChanged: ms("2020-01-08T10:00:00Z"),
      customFields: { 10021: [10019] },
    });
    expect(issues.find((i) => i.key === "MINI-2")).toMatchObject({
      parentId: 501,
      statusCategoryChanged: ms("2020-01-03T10:00:00Z"),
    });
    expect(issues.find((i) => i.key === "MINI-3")).toMatchObject({ priorityId: null, resolved: null });
    expect(history).toEqual([
      {
        issueId: 501,
        field: "status",
        from: status("Open"),
        to: status("Closed"),
        author: "ann",
        at: ms("2020-01-08T10:00:00Z"),
      },
      {
        issueId: 501,
        field: "resolution",
        from: null,
        to: "1",
        author: "ann",
        at: ms("2020-01-08T10:00:00Z"),
      },
      {
        issueId: 503,
        field: "status",
        from: status("Open"),
        to: status("In Progress"),
        author: "ann",
        at: ms("2020-02-05T10:00:00Z"),
      },
    ]);
    expect(comments.map((c) => [c.id, c.author, c.body])).toEqual([
      [9001, "ann", "Fixed."],
      [9002, "anonymous", ""],
    ]);
    expect(catalog.versions).toEqual([
      {
        id: 401,
        projectId: 20001,
        name: "1.0",
        released: true,
        archived: false,
        sequence: 1,
        releaseDate: "2020-01-10",
      },
    ]);
    expect(catalog.projects[0]).toMatchObject({
      key: "MINI",
      lead: "ann",
      permissionSchemeId: 1,
      categoryId: 1,
    });
    expect(catalog.groups).toEqual({
      administrators: ["ann"],
      developers: ["ann"],
      "jira-users": ["ann", "anonymous", "bob"],
    });
  });

  it("names the missing dataset and the option to fix it", async () => {
    const error = await loadJiraDataset(db.sql, { dir: "/nonexistent/dump", reset: true }).catch(
      (e: unknown) => e,
    );
    expect(isDbError(error, "E_DATASET_MISSING")).toBe(true);
    expect((error as Error).message).toContain("pass --dataset PATH");
  });

  it("reads the write-arrival events of the real dump for benchmarks", async () => {
    const events = [];
    for await (const event of readJiraEvents(defaultDatasetDir())) {
      events.push(event);
      if (events.length === 50) break;
    }
    expect(events.every((e) => typeof e.issue_key === "string" && !Number.isNaN(Date.parse(e.ts)))).toBe(
      true,
    );
    expect(new Set(events.map((e) => e.event))).toContain("issue_created");
  });
});
