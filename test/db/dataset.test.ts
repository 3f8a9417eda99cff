import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeItem, Comment, IssueSnapshot } from "../../packages/jql/src/model.js";
import { loadCatalog, loadDataset } from "../../packages/sidecar/src/db/dataset.js";
import { writeDataset } from "../../packages/sidecar/src/db/dataset-writer.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { planSeed, seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

const OPTIONS = { issues: 1500, seed: "round-trip" } as const;

describe("loadDataset round trip", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("dataset");
    await migrate(db.sql);
    await seedTenant(db.sql, OPTIONS);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("loads exactly the catalog, issues, comments and history the seed generated", async () => {
    const { world, generator } = planSeed(OPTIONS);
    const issues: IssueSnapshot[] = [];
    const comments: Comment[] = [];
    const history: ChangeItem[] = [];
    for (let i = 0; i < OPTIONS.issues; i++) {
      const generated = generator.next();
      issues.push(generated.issue);
      comments.push(...generated.comments);
      history.push(...generated.changes);
    }
    const dataset = await loadDataset(db.sql);
    expect(dataset.catalog).toEqual(world.catalog);
    expect(await loadCatalog(db.sql)).toEqual(world.catalog);
    expect(dataset.issues).toEqual(issues);
    expect(dataset.comments).toEqual(comments);
    // The loader orders history by (issue, time); the generator emits it per issue in time order.
    const byIssueAndTime = [...history].sort((a, b) => a.issueId - b.issueId || a.at - b.at);
    expect(dataset.history).toEqual(byIssueAndTime);
  });

  it("matches direct SQL field by field for a few issues", async () => {
    const dataset = await loadDataset(db.sql);
    const byId = new Map(dataset.issues.map((i) => [i.id, i]));
    const [withLevel] =
      await db.sql`SELECT id::int FROM issues WHERE security_level_id IS NOT NULL ORDER BY id LIMIT 1`;
    const [withParent] =
      await db.sql`SELECT id::int FROM issues WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1`;
    const [withFields] = await db.sql`
      SELECT issue_id::int AS id FROM custom_field_values GROUP BY issue_id ORDER BY count(*) DESC, issue_id LIMIT 1`;
    for (const id of [withLevel!.id as number, withParent!.id as number, withFields!.id as number, 1]) {
      const issue = byId.get(id)!;
      const [row] = await db.sql`
        SELECT key, project_id, issue_type_id, status_id, priority_id, resolution_id, assignee_id, reporter_id, parent_id::int,
               summary, labels, created, resolved, due::text, time_spent, security_level_id, votes, attachment_count
        FROM issues WHERE id = ${id}`;
      expect(issue).toMatchObject({
        key: row!.key,
        projectId: row!.project_id,
        issueTypeId: row!.issue_type_id,
        statusId: row!.status_id,
        priorityId: row!.priority_id,
        resolutionId: row!.resolution_id,
        assignee: row!.assignee_id,
        reporter: row!.reporter_id,
        parentId: row!.parent_id,
        summary: row!.summary,
        labels: row!.labels,
        created: (row!.created as Date).getTime(),
        resolved: row!.resolved === null ? null : (row!.resolved as Date).getTime(),
        due: row!.due,
        timeSpent: row!.time_spent,
        securityLevelId: row!.security_level_id,
        votes: row!.votes,
        attachmentCount: row!.attachment_count,
      });
      const components =
        await db.sql`SELECT component_id FROM issue_components WHERE issue_id = ${id} ORDER BY 1`;
      expect(issue.componentIds).toEqual(components.map((r) => r.component_id));
      const watchers = await db.sql`SELECT user_id FROM issue_watchers WHERE issue_id = ${id} ORDER BY 1`;
      expect(issue.watchers).toEqual(watchers.map((r) => r.user_id));
      const values =
        await db.sql`SELECT field_id, field_type FROM custom_field_values WHERE issue_id = ${id} ORDER BY 1`;
      expect(Object.keys(issue.customFields).map(Number)).toEqual(values.map((r) => r.field_id));
      const [comments] = await db.sql`SELECT count(*)::int AS n FROM comments WHERE issue_id = ${id}`;
      expect(dataset.comments.filter((c) => c.issueId === id)).toHaveLength(comments!.n as number);
    }
    const [counts] = await db.sql`
      SELECT (SELECT count(*) FROM issues)::int AS issues, (SELECT count(*) FROM comments)::int AS comments,
             (SELECT count(*) FROM issue_changes)::int AS history, (SELECT count(*) FROM users)::int AS users`;
    expect({
      issues: dataset.issues.length,
      comments: dataset.comments.length,
      history: dataset.history.length,
      users: dataset.catalog.users.length,
    }).toEqual(counts);
  });

  it("writes a loaded dataset into another tenant unchanged (writeDataset)", async () => {
    const dataset = await loadDataset(db.sql);
    const copy = await createTestDatabase("dataset_copy");
    try {
      await migrate(copy.sql);
      const result = await writeDataset(copy.sql, dataset);
      expect(result).toMatchObject({ issues: OPTIONS.issues, comments: dataset.comments.length });
      expect(await loadDataset(copy.sql)).toEqual(dataset);
    } finally {
      await copy.drop();
    }
  });

  it("converts every custom field type to its model value", async () => {
    const dataset = await loadDataset(db.sql);
    const types = new Map(dataset.catalog.customFields.map((f) => [f.id, f.type]));
    const seen = new Set<string>();
    for (const issue of dataset.issues) {
      for (const [field, value] of Object.entries(issue.customFields)) {
        const type = types.get(Number(field))!;
        seen.add(type);
        if (type === "multiselect" || type === "labels")
          expect(Array.isArray(value) && value.length > 0).toBe(true);
        else if (type === "date") expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        else if (type === "select" || type === "number" || type === "datetime")
          expect(typeof value).toBe("number");
        else expect(typeof value).toBe("string");
      }
    }
    expect(seen.size).toBe(8);
  });
});
