/**
 * The executor on a real Postgres: Stage 1 reports the position it read at (a WAL
 * position read before its snapshot, and that snapshot), which tells committed writes it
 * saw from those it did not; every transaction is read-only, REPEATABLE READ and bounded
 * by the statement timeout; paging past the end still reports the total; contains.
 */
import { describe, expect, it } from "vitest";
import { catalogResolver, plan } from "../../packages/jql/src/index.js";
import {
  runContains,
  runStage1,
  runStage2,
  snapshotIncludes,
} from "../../packages/sidecar/src/db/execute/index.js";
import { FIXTURE_NOW } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import { type Harness, requestOf } from "./support/harness.js";

describe("executor", () => {
  let h: Harness;
  const planOf = (jql: string) => plan(jql, { resolver: catalogResolver(h.catalog) });
  useFixtureTenant("compiler_execute", (opened) => {
    h = opened;
  });

  it("Stage 1 returns the matching ids and the position it read at", async () => {
    const result = await runStage1(h.client, {
      plan: planOf("project = PUB AND status in (Open, Reopened)"),
      catalog: h.compiler,
    });
    expect([...result.ids].sort()).toEqual(["1", "4"]);
    expect(result.position.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(result.position.snapshot).toMatch(/^\d+:\d+:[\d,]*$/);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("tells writes committed before Stage 1 from writes still running or committed after", async () => {
    const xidOf = async (tx: { unsafe: (q: string) => Promise<Record<string, unknown>[]> }) =>
      String((await tx.unsafe("SELECT pg_current_xact_id()::text AS xid"))[0]!.xid);
    const before = await h.db.sql.begin(async (tx) => {
      await tx`UPDATE issues SET votes = votes + 1 WHERE id = 7`;
      return { xid: await xidOf(tx) };
    });
    const [{ lsn: committedAt }] = (await h.db.sql`SELECT pg_current_wal_lsn()::text AS lsn`) as unknown as [
      { lsn: string },
    ];
    // A transaction that has written but not committed while Stage 1 runs.
    const running = await h.db.sql.reserve();
    await running`BEGIN`;
    await running`UPDATE issues SET votes = votes + 1 WHERE id = 2`;
    const during = await xidOf(running);
    const stage1 = await runStage1(h.client, { plan: planOf("votes > 0"), catalog: h.compiler });
    await running`COMMIT`;
    running.release();
    const after = await h.db.sql.begin(async (tx) => {
      await tx`UPDATE issues SET votes = votes + 1 WHERE id = 3`;
      return xidOf(tx);
    });

    const { snapshot, lsn } = stage1.position;
    expect(snapshotIncludes(snapshot, before.xid)).toBe(true);
    expect(snapshotIncludes(snapshot, during)).toBe(false);
    expect(snapshotIncludes(snapshot, after)).toBe(false);
    const [{ seen }] = (await h.db
      .sql`SELECT ${lsn}::pg_lsn >= ${committedAt}::pg_lsn AS seen`) as unknown as [{ seen: boolean }];
    expect(seen).toBe(true);
    // The ids agree with the snapshot: REP-1's first vote is in, PUB-2's is not.
    expect(stage1.ids).toContain("7");
    expect(stage1.ids).not.toContain("2");
  });

  it("runs read-only, REPEATABLE READ, within the statement timeout", async () => {
    await expect(
      h.client.readOnly(1000, (tx) => tx.query("UPDATE issues SET votes = 0", [])),
    ).rejects.toMatchObject({
      code: "25006",
    });
    const [row] = await h.client.readOnly(1000, (tx) =>
      tx.query<{ level: string; jit: string }>(
        "SELECT current_setting('transaction_isolation') AS level, current_setting('jit') AS jit",
        [],
      ),
    );
    expect(row).toEqual({ level: "repeatable read", jit: "off" });
    await expect(h.client.readOnly(100, (tx) => tx.query("SELECT pg_sleep(2)", []))).rejects.toMatchObject({
      code: "57014",
    });
    await expect(
      runStage1(h.client, { plan: planOf("project = PUB"), catalog: h.compiler }, { timeoutMs: 0 }),
    ).rejects.toThrow(RangeError);
  });

  it("Stage 2 pages, reports the total past the end, and answers contains", async () => {
    const p = planOf("project in (PUB, SEC) ORDER BY key");
    const ids = (await runStage1(h.client, { plan: p, catalog: h.compiler })).ids;
    const request = requestOf(h, { user: "alice", now: FIXTURE_NOW });
    const page = (startAt: number, maxResults: number) =>
      runStage2(h.client, { plan: p, ids, catalog: h.compiler, request, page: { startAt, maxResults } });
    const first = await page(0, 2);
    expect(first.issues.map((i) => i.key)).toEqual(["PUB-1", "PUB-2"]);
    expect(first.total).toBe(6);
    expect((await page(4, 10)).issues.map((i) => i.key)).toEqual(["SEC-1", "SEC-2"]);
    expect(await page(40, 10)).toMatchObject({ issues: [], total: 6 });
    const none = await runStage2(h.client, {
      plan: p,
      ids: [],
      catalog: h.compiler,
      request,
      page: { startAt: 0, maxResults: 5 },
    });
    expect(none).toMatchObject({ issues: [], total: 0 });

    const where = planOf("assignee = currentUser()").normalized.where;
    const contains = (issueId: string, user: string | null) =>
      runContains(h.client, {
        where,
        issueId,
        catalog: h.compiler,
        request: requestOf(h, { user, now: FIXTURE_NOW }),
      });
    expect((await contains("8", "alice")).contains).toBe(false); // assigned to alice, but REP is not hers to browse
    expect((await contains("1", "alice")).contains).toBe(true);
    expect((await contains("1", "bob")).contains).toBe(false);
  });
});
