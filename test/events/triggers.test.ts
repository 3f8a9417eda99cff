/**
 * The triggers of sql/triggers.sql against a real tenant database: idempotent install and
 * uninstall (also through the CLI), and the NOTIFY payload of each kind of change, read with
 * a raw LISTEN.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsOf } from "../../packages/sidecar/src/capture/listener-events.js";
import {
  installedTriggers,
  installTriggers,
  uninstallTriggers,
} from "../../packages/sidecar/src/capture/triggers.js";
import { createDbProgram } from "../../packages/sidecar/src/cli/db-commands.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { parseEvents } from "../../packages/sidecar/src/events/schema.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { type Capture, capture, itemsOf } from "./support.js";

let db: TestDatabase;
let notes: Capture;
/** An issue without sub-tasks, so it can be deleted. */
let leaf: { id: string; project: string; issuetype: string; status: string };

beforeAll(async () => {
  db = await createTestDatabase("events_triggers");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 2500, seed: "triggers" });
  await installTriggers(db.sql);
  notes = await capture(db.sql);
  const [row] = await db.sql<{ id: string; project: string; issuetype: string; status: string }[]>`
    SELECT i.id::text, i.project_id::text AS project, i.issue_type_id::text AS issuetype, i.status_id::text AS status
      FROM issues i WHERE NOT EXISTS (SELECT 1 FROM issues c WHERE c.parent_id = i.id)
     ORDER BY i.id LIMIT 1`;
  leaf = row!;
});

afterAll(async () => {
  await notes?.close();
  await db?.drop();
});

describe("installing", () => {
  it("is idempotent: a second install leaves the same triggers, and a change is told once", async () => {
    const first = await installedTriggers(db.sql);
    const again = await installTriggers(db.sql);
    expect(again).toEqual(first);
    expect(again.tables).toEqual(
      expect.arrayContaining(["issues", "issue_sprints", "comments", "group_members"]),
    );
    expect(again.triggers).toBe(again.tables.length * 4);
    const got = await notes.during(() => db.sql`UPDATE issues SET due = '2031-01-02' WHERE id = ${leaf.id}`);
    expect(got).toHaveLength(1);
  });

  it("uninstalls (nothing is told any more) and installs again, also through the CLI", async () => {
    const dir = await mkdtemp(join(tmpdir(), "subq-triggers-"));
    const tenants = join(dir, "tenants.json");
    await writeFile(tenants, JSON.stringify({ trig: { databaseUrl: db.url } }));
    const run = async (...args: string[]) => {
      const lines: string[] = [];
      const io = { env: {}, stdout: (line: string) => lines.push(line), stderr: () => {} };
      await createDbProgram(io).parseAsync(
        ["db", "--tenants", tenants, "install-triggers", "--tenant", "trig", ...args],
        {
          from: "user",
        },
      );
      return lines.at(-1);
    };
    try {
      expect(await run("--uninstall")).toBe("tenant trig: removed the event triggers");
      expect(await installedTriggers(db.sql)).toBeNull();
      expect(await run("--uninstall")).toBe("tenant trig: no event triggers to remove");
      const silent = await notes.during(
        () => db.sql`UPDATE issues SET due = '2031-01-03' WHERE id = ${leaf.id}`,
      );
      expect(silent).toEqual([]);
      expect(await run()).toMatch(
        /^tenant trig: installed \d+ event triggers on \d+ tables; they notify channel subq_events$/,
      );
      expect(await uninstallTriggers(db.sql)).toBe(true);
      await installTriggers(db.sql);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("issue payloads", () => {
  it("an UPDATE tells the changed fields with from/to, the indexed values before and after, and the txid", async () => {
    const [other] = await db.sql<
      { id: string }[]
    >`SELECT id::text FROM statuses WHERE id <> ${leaf.status} LIMIT 1`;
    const [sprint] = await db.sql<{ id: string }[]>`SELECT id::text FROM sprints ORDER BY id LIMIT 1`;
    await db.sql`INSERT INTO issue_sprints VALUES (${leaf.id}, ${sprint!.id}) ON CONFLICT DO NOTHING`;
    let txid = "";
    const got = await notes.during(() =>
      db.sql.begin(async (tx) => {
        await tx`UPDATE issues SET status_id = ${other!.id}, assignee_id = NULL, summary = 'SECRET-SUMMARY' WHERE id = ${leaf.id}`;
        const [row] = await tx<{ txid: string }[]>`SELECT pg_current_xact_id()::text AS txid`;
        txid = row!.txid;
      }),
    );
    expect(got).toHaveLength(1);
    expect(got[0]!.raw).not.toContain("SECRET-SUMMARY");
    expect(got[0]!.notice).toMatchObject({ v: 1, tx: txid });
    const [item] = itemsOf(got);
    const sprints = (
      await db.sql<{ s: string }[]>`
      SELECT sprint_id::text AS s FROM issue_sprints WHERE issue_id = ${leaf.id} ORDER BY sprint_id`
    ).map((r) => r.s);
    expect(item).toEqual({
      op: "u",
      ids: leaf.id,
      tx: txid,
      c: expect.arrayContaining([
        { field: "status", from: Number(leaf.status), to: Number(other!.id) },
        { field: "assignee", from: expect.any(String), to: null },
        { field: "summary" },
      ]),
      b: { project: leaf.project, issuetype: leaf.issuetype, status: leaf.status, sprint: sprints },
      a: { project: leaf.project, issuetype: leaf.issuetype, status: other!.id, sprint: sprints },
    });
    leaf.status = other!.id;
  });

  it("an UPDATE that changes nothing tells nothing; one of an unmapped column tells field *", async () => {
    const none = await notes.during(() => db.sql`UPDATE issues SET status_id = status_id WHERE id < 200`);
    expect(none).toEqual([]);
    const got = await notes.during(
      () => db.sql`UPDATE issues SET number = number + 100000 WHERE id = ${leaf.id}`,
    );
    expect(itemsOf(got).map((i) => i.c)).toEqual([[{ field: "*" }]]);
  });

  it("INSERT tells the issue created with its indexed values; DELETE tells it deleted, its sprints via the cascade", async () => {
    const [project] = await db.sql<
      { id: string; key: string }[]
    >`SELECT id::text, key FROM projects ORDER BY id LIMIT 1`;
    const [type] = await db.sql<{ id: string }[]>`SELECT id::text FROM issue_types ORDER BY id LIMIT 1`;
    const [created] = await db.sql<{ id: string }[]>`
      INSERT INTO issues (key, project_id, number, issue_type_id, status_id, summary, created, updated)
      VALUES (${`${project!.key}-99999`}, ${project!.id}, 99999, ${type!.id}, ${leaf.status}, 'new', now(), now())
      RETURNING id::text`;
    // (the INSERT above ran before capturing; capture a second creation and the deletions)
    const inserted = await notes.during(
      () => db.sql`
        INSERT INTO issues (key, project_id, number, issue_type_id, status_id, summary, created, updated)
        VALUES (${`${project!.key}-99998`}, ${project!.id}, 99998, ${type!.id}, ${leaf.status}, 'new', now(), now())`,
    );
    expect(itemsOf(inserted)).toEqual([
      {
        op: "c",
        ids: expect.stringMatching(/^\d+$/),
        tx: expect.any(String),
        a: { project: project!.id, issuetype: type!.id, status: leaf.status, sprint: [] },
      },
    ]);
    const [sprint] = await db.sql<{ id: string }[]>`SELECT id::text FROM sprints ORDER BY id LIMIT 1`;
    await db.sql`INSERT INTO issue_sprints VALUES (${created!.id}, ${sprint!.id})`;
    const deleted = await notes.during(() => db.sql`DELETE FROM issues WHERE id = ${created!.id}`);
    const items = itemsOf(deleted);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          op: "d",
          ids: created!.id,
          b: { project: project!.id, issuetype: type!.id, status: leaf.status },
        }),
        expect.objectContaining({
          op: "u",
          ids: created!.id,
          b: { sprint: [sprint!.id] },
          a: { sprint: [] },
        }),
      ]),
    );
    // Merged, the transaction's events say: deleted, and what it was, sprints included.
    const { issues } = eventsOf(deleted.map((d) => d.notice));
    expect(issues).toEqual([
      expect.objectContaining({
        type: "issue_deleted",
        issueId: created!.id,
        before: { project: project!.id, issuetype: type!.id, status: leaf.status, sprint: [sprint!.id] },
      }),
    ]);
    expect(() => parseEvents(issues)).not.toThrow();
  });

  it("link tables tell the field's values before and after; sprints also in the indexed values", async () => {
    const sprints = (
      await db.sql<{ id: string }[]>`
      SELECT id::text FROM sprints WHERE id NOT IN (SELECT sprint_id FROM issue_sprints WHERE issue_id = ${leaf.id})
      ORDER BY id LIMIT 2`
    ).map((r) => r.id);
    const before = (
      await db.sql<{ s: string }[]>`
      SELECT sprint_id::text AS s FROM issue_sprints WHERE issue_id = ${leaf.id}`
    ).map((r) => r.s);
    const got = await notes.during(
      () => db.sql`INSERT INTO issue_sprints SELECT ${leaf.id}, unnest(${sprints}::int[])`,
    );
    const [item] = itemsOf(got);
    const after = [...before, ...sprints].sort((a, b) => Number(a) - Number(b));
    expect(item).toMatchObject({
      op: "u",
      ids: leaf.id,
      c: [{ field: "sprint", from: before, to: after }],
      b: { sprint: before, status: leaf.status },
      a: { sprint: after, status: leaf.status },
    });

    const [user] = await db.sql<{ id: string }[]>`
      SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM issue_watchers WHERE issue_id = ${leaf.id}) LIMIT 1`;
    const watched = itemsOf(
      await notes.during(() => db.sql`INSERT INTO issue_watchers VALUES (${leaf.id}, ${user!.id})`),
    );
    expect(watched[0]!.c).toEqual([
      {
        field: "watcher",
        from: expect.not.arrayContaining([user!.id]),
        to: expect.arrayContaining([user!.id]),
      },
      { field: "watchers" },
    ]);
    const [component] = await db.sql<{ id: string }[]>`SELECT id::text FROM components ORDER BY id LIMIT 1`;
    const linked = itemsOf(
      await notes.during(
        () =>
          db.sql`INSERT INTO issue_components VALUES (${leaf.id}, ${component!.id}) ON CONFLICT DO NOTHING`,
      ),
    );
    expect(linked.map((i) => i.c?.[0]?.field)).toEqual(linked.length ? ["component"] : []);
  });

  it("custom field values, comments and history rows tell their field by name only", async () => {
    const [field] = await db.sql<
      { id: string }[]
    >`SELECT id::text FROM custom_fields WHERE type = 'text' LIMIT 1`;
    const got = await notes.during(() =>
      db.sql.begin(async (tx) => {
        await tx`DELETE FROM custom_field_values WHERE issue_id = ${leaf.id} AND field_id = ${field!.id}`;
        await tx`INSERT INTO custom_field_values (issue_id, field_id, field_type, text_value)
                 VALUES (${leaf.id}, ${field!.id}, 'text', 'SECRET-CF')`;
        await tx`INSERT INTO comments (issue_id, author_id, body, created)
                 SELECT ${leaf.id}, id, 'SECRET-COMMENT', now() FROM users LIMIT 1`;
        await tx`INSERT INTO issue_changes (issue_id, field, from_value, to_value, at)
                 VALUES (${leaf.id}, 'priority', '1', '2', now())`;
      }),
    );
    expect(got.map((g) => g.raw).join()).not.toMatch(/SECRET/);
    const fields = itemsOf(got).flatMap((i) => i.c ?? []);
    expect(fields).toEqual(
      expect.arrayContaining([{ field: `cf[${field!.id}]` }, { field: "comment" }, { field: "priority" }]),
    );
    expect(new Set(itemsOf(got).map((i) => i.tx)).size).toBe(1);
  });

  it("long values are sent by field name only", async () => {
    const labels = Array.from({ length: 100 }, (_, i) => `a-rather-long-label-${i}`);
    const got = await notes.during(
      () => db.sql`UPDATE issues SET labels = ${labels}, due = '2040-01-01' WHERE id = ${leaf.id}`,
    );
    expect(itemsOf(got)[0]!.c).toEqual([{ field: "labels" }, { field: "due" }]);
  });
});

describe("bulk statements", () => {
  it("a 2 500-row UPDATE fits every notification under 8000 bytes and names each issue exactly once", async () => {
    const started = performance.now();
    const got = await notes.during(() => db.sql`UPDATE issues SET updated = updated + interval '1 second'`);
    const ms = performance.now() - started;
    const [count] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM issues`;
    const n = count!.n;
    expect(got.length).toBeGreaterThan(1);
    expect(got.length).toBeLessThan(n / 20);
    for (const g of got) expect(Buffer.byteLength(g.raw)).toBeLessThan(8000);
    const ids = itemsOf(got).flatMap((i) => i.ids.split(","));
    expect(ids.length).toBe(n);
    expect(new Set(ids).size).toBe(n);
    // Beyond 100 rows, changes go by name: equal changes and indexed values share items.
    expect(itemsOf(got).every((i) => JSON.stringify(i.c) === '[{"field":"updated"}]')).toBe(true);
    console.info(`bulk UPDATE of ${n} rows: ${got.length} notifications, ${ms.toFixed(0)} ms with capture`);
  });

  it("a statement beyond max_rows, and TRUNCATE, tell a resync instead", async () => {
    await db.sql`CREATE OR REPLACE FUNCTION subq_triggers.max_rows() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 1000::bigint'`;
    try {
      const got = await notes.during(() => db.sql`UPDATE issues SET updated = updated + interval '1 second'`);
      expect(got.map((g) => g.notice)).toEqual([
        {
          v: 1,
          tx: expect.any(String),
          resync: expect.stringMatching(/^issues: one statement changed \d+ rows$/),
        },
      ]);
    } finally {
      await installTriggers(db.sql);
    }
    const truncated = await notes.during(() => db.sql`TRUNCATE issue_voters`);
    expect(truncated.map((g) => g.notice)).toEqual([
      { v: 1, tx: expect.any(String), resync: "issue_voters truncated" },
    ]);
  });
});

describe("configuration payloads", () => {
  it("tell the configuration event type per statement, and nothing for a statement that changes nothing", async () => {
    const [user] = await db.sql<{ id: string }[]>`SELECT id FROM users ORDER BY id LIMIT 1`;
    const joined = await notes.during(async () => {
      await db.sql`INSERT INTO groups VALUES ('subq-test-group')`;
      await db.sql`INSERT INTO group_members VALUES ('subq-test-group', ${user!.id})`;
    });
    expect(joined.map((g) => g.notice)).toEqual([
      { v: 1, tx: expect.any(String), config: [{ type: "group_membership_changed", id: "groups insert 1" }] },
      {
        v: 1,
        tx: expect.any(String),
        config: [{ type: "group_membership_changed", id: "group_members insert 1" }],
      },
    ]);
    expect(await notes.during(() => db.sql`UPDATE users SET active = active`)).toEqual([]);
    expect(await notes.during(() => db.sql`DELETE FROM group_members WHERE false`)).toEqual([]);
  });

  it("tell sprint starts and version releases apart from other sprint and version changes", async () => {
    const [sprint] = await db.sql<{ id: number }[]>`SELECT id FROM sprints WHERE state = 'future' LIMIT 1`;
    const [version] = await db.sql<{ id: number }[]>`SELECT id FROM versions WHERE NOT released LIMIT 1`;
    const got = await notes.during(async () => {
      await db.sql`UPDATE sprints SET state = 'active' WHERE id = ${sprint!.id}`;
      await db.sql`UPDATE sprints SET name = name || ' (renamed)' WHERE id = ${sprint!.id}`;
      await db.sql`UPDATE versions SET released = true WHERE id = ${version!.id}`;
      await db.sql`UPDATE tenant_settings SET week_start = 1 - week_start`;
    });
    expect(got.map((g) => ("config" in g.notice ? g.notice.config[0]!.type : null))).toEqual([
      "sprint_started",
      "sprint_changed",
      "version_released",
      "catalog_changed",
    ]);
  });
});
