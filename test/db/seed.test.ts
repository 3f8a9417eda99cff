import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queryable } from "../../packages/sidecar/src/db/connect.js";
import { loadDataset } from "../../packages/sidecar/src/db/dataset.js";
import { isDbError } from "../../packages/sidecar/src/db/errors.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { DATA_TABLES } from "../../packages/sidecar/src/db/tables.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { historyViolations } from "./history-check.js";

async function checksums(sql: Queryable): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of DATA_TABLES) {
    const [row] = await sql.unsafe<{ sum: string }[]>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM ${table} t`,
    );
    sums[table] = row!.sum;
  }
  return sums;
}

async function schemaShape(sql: Queryable) {
  return sql`
    SELECT 'index' AS kind, indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    ORDER BY 1, 2`;
}

async function seeded(prefix: string, issues: number, seed: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  await migrate(db.sql);
  await seedTenant(db.sql, { issues, seed });
  return db;
}

describe("seed determinism and safety", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
  });

  it("gives byte-identical data for the same seed and different data for another", async () => {
    const [a, b, c] = await Promise.all([
      seeded("seed_a", 2000, "42"),
      seeded("seed_b", 2000, "42"),
      seeded("seed_c", 2000, "43"),
    ]);
    dbs.push(a, b, c);
    const [sumA, sumB, sumC] = await Promise.all([checksums(a.sql), checksums(b.sql), checksums(c.sql)]);
    expect(sumB).toEqual(sumA);
    expect(sumC.issues).not.toBe(sumA.issues);
    expect(sumC.comments).not.toBe(sumA.comments);
    expect(sumC.issue_changes).not.toBe(sumA.issue_changes);
    const [count] = await a.sql`SELECT count(*)::int AS n FROM issues`;
    expect(count!.n).toBe(2000);
  });

  it("restores every index and foreign key it suspended during the load", async () => {
    const fresh = await createTestDatabase("seed_shape");
    dbs.push(fresh);
    await migrate(fresh.sql);
    expect(await schemaShape(dbs[0]!.sql)).toEqual(await schemaShape(fresh.sql));
  });

  it("refuses a non-empty tenant unless reset, and reset replaces the data", async () => {
    const db = dbs[2]!;
    const refused = await seedTenant(db.sql, { issues: 100, seed: "42" }).catch((e: unknown) => e);
    expect(isDbError(refused, "E_TENANT_NOT_EMPTY")).toBe(true);
    expect((refused as Error).message).toContain("--reset");
    await seedTenant(db.sql, { issues: 2000, seed: "42", reset: true });
    expect(await checksums(db.sql)).toEqual(await checksums(dbs[0]!.sql));
    const [next] = await db.sql`SELECT nextval(pg_get_serial_sequence('issues', 'id'))::int AS id`;
    expect(next!.id).toBe(2001);
  });

  it("rejects sizes out of range", async () => {
    for (const issues of [0, -5, 1.5, 3_000_000]) {
      const error = await seedTenant(dbs[0]!.sql, { issues }).catch((e: unknown) => e);
      expect(isDbError(error, "E_SEED_OPTIONS")).toBe(true);
    }
  });
});

describe("a seeded tenant of 15 000 issues", () => {
  let db: TestDatabase;
  const one = async <T>(query: Promise<T[]>): Promise<T> => (await query)[0]!;

  beforeAll(async () => {
    db = await seeded("seed_dist", 15_000, "7");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("has a few big projects and a long tail of small ones", async () => {
    const sizes = (
      await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM issues GROUP BY project_id ORDER BY n DESC`
    ).map((r) => r.n);
    const median = sizes[Math.floor(sizes.length / 2)]!;
    expect(sizes.length).toBeGreaterThanOrEqual(40);
    expect(sizes[0]! / 15_000).toBeGreaterThan(0.15);
    expect(sizes[0]!).toBeGreaterThan(15 * median);
  });

  it("is mostly done, with open work in recent issues", async () => {
    const shares = await one(db.sql<{ done: number; recent_open: number }[]>`
      SELECT avg((s.category = 'done')::int)::float8 AS done,
             avg((s.category <> 'done')::int) FILTER (WHERE i.created > '2025-03-01')::float8 AS recent_open
      FROM issues i JOIN statuses s ON s.id = i.status_id`);
    expect(shares.done).toBeGreaterThan(0.75);
    expect(shares.done).toBeLessThan(0.95);
    expect(shares.recent_open).toBeGreaterThan(0.3);
    const unresolvedDone = await one(db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM issues i JOIN statuses s ON s.id = i.status_id
      WHERE (s.category = 'done') <> (i.resolution_id IS NOT NULL) OR (i.resolution_id IS NULL) <> (i.resolved IS NULL)`);
    expect(unresolvedDone.n).toBe(0);
  });

  it("puts security levels on a minority and restricts some comments", async () => {
    const levels = await one(db.sql<{ share: number; wrong_scheme: number }[]>`
      SELECT avg((security_level_id IS NOT NULL)::int)::float8 AS share,
             count(*) FILTER (WHERE l.scheme_id IS DISTINCT FROM p.security_scheme_id AND i.security_level_id IS NOT NULL)::int AS wrong_scheme
      FROM issues i JOIN projects p ON p.id = i.project_id LEFT JOIN issue_security_levels l ON l.id = i.security_level_id`);
    expect(levels.share).toBeGreaterThan(0.02);
    expect(levels.share).toBeLessThan(0.15);
    expect(levels.wrong_scheme).toBe(0);
    const comments = await one(db.sql<{ per_issue: number; role: number; group: number }[]>`
      SELECT count(*)::float8 / (SELECT count(*) FROM issues) AS per_issue,
             avg((visibility_role_id IS NOT NULL)::int)::float8 AS role,
             avg((visibility_group IS NOT NULL)::int)::float8 AS group
      FROM comments`);
    expect(comments.per_issue).toBeGreaterThan(2.5);
    expect(comments.per_issue).toBeLessThan(5);
    expect(comments.role).toBeGreaterThan(0.02);
    expect(comments.role).toBeLessThan(0.1);
    expect(comments.group).toBeGreaterThan(0.01);
    expect(comments.group).toBeLessThan(0.06);
  });

  it("uses every permission scheme, a long tail of labels and every custom field type", async () => {
    const schemes = await db.sql`SELECT DISTINCT permission_scheme_id FROM projects ORDER BY 1`;
    expect(schemes.map((r) => r.permission_scheme_id)).toEqual([1, 2, 3, 4]);
    const labels = (
      await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM issues, unnest(labels) AS label GROUP BY label ORDER BY n DESC`
    ).map((r) => r.n);
    expect(labels.length).toBeGreaterThan(100);
    expect(labels[0]!).toBeGreaterThan(20 * labels[Math.floor(labels.length / 2)]!);
    const types = await db.sql<{ type: string; share: number }[]>`
      SELECT f.type, count(v.issue_id)::float8 / 15000 AS share
      FROM custom_fields f LEFT JOIN custom_field_values v ON v.field_id = f.id GROUP BY f.id, f.type`;
    expect(new Set(types.map((t) => t.type))).toEqual(
      new Set(["select", "multiselect", "number", "date", "datetime", "user", "text", "labels"]),
    );
    for (const t of types) expect(t.share).toBeGreaterThan(0.04);
  });

  it("links sub-tasks to earlier standard issues of their project and keeps votes = voters", async () => {
    const subtasks = await one(db.sql<{ n: number; bad: number }[]>`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE p.project_id <> c.project_id OR pt.subtask OR p.created > c.created OR NOT ct.subtask)::int AS bad
      FROM issues c JOIN issues p ON p.id = c.parent_id
      JOIN issue_types ct ON ct.id = c.issue_type_id JOIN issue_types pt ON pt.id = p.issue_type_id`);
    expect(subtasks.n).toBeGreaterThan(300);
    expect(subtasks.bad).toBe(0);
    const votes = await one(db.sql<{ bad: number; with_votes: number }[]>`
      SELECT count(*) FILTER (WHERE i.votes <> (SELECT count(*) FROM issue_voters v WHERE v.issue_id = i.id))::int AS bad,
             count(*) FILTER (WHERE i.votes > 0)::int AS with_votes
      FROM issues i`);
    expect(votes.bad).toBe(0);
    expect(votes.with_votes).toBeGreaterThan(1000);
  });

  it("has a change history consistent with every issue's current values", async () => {
    const dataset = await loadDataset(db.sql);
    expect(dataset.history.length).toBeGreaterThan(50_000);
    const fields = new Set(dataset.history.map((c) => c.field));
    expect(fields).toEqual(
      new Set(["status", "resolution", "assignee", "priority", "fixVersion", "issuetype", "reporter"]),
    );
    expect(historyViolations(dataset)).toEqual([]);
    const removals = dataset.history.filter((c) => c.field === "fixVersion" && c.to === null);
    expect(removals.length).toBeGreaterThan(50);

    // The checker itself catches broken timelines.
    const h = dataset.history;
    const second = h.findIndex(
      (c, i) =>
        i > 0 && c.field === "status" && h[i - 1]!.field === "status" && h[i - 1]!.issueId === c.issueId,
    );
    const last = h.findLastIndex((c) => c.field === "status");
    const add = h.findIndex((c) => c.field === "fixVersion" && c.to !== null);
    const broken = (index: number, patch: Partial<(typeof h)[number]>) =>
      h.map((c, i) => (i === index ? { ...c, ...patch } : c));
    expect(historyViolations({ ...dataset, history: broken(second, { from: "999" }) })).toHaveLength(1);
    expect(historyViolations({ ...dataset, history: broken(last, { to: "999" }) })).toHaveLength(1);
    expect(historyViolations({ ...dataset, history: broken(add, { to: "999999" }) })).toHaveLength(1);
  });
});
