/**
 * WAS and CHANGED on hand-made history (support/fixture.ts), against answers worked out by
 * hand from docs/jql-semantics.md §7, for both the SQL (Stage 1, no permissions) and the
 * evaluator: zero-length intervals are never held, an item before the issue's creation
 * drops the first interval, fixVersion no-ops open nothing, a version removed before it
 * was added was there from the start, EMPTY intervals start with the item that removed the
 * last version. Instants are UTC; the tenant is in Europe/Berlin.
 */
import { describe, expect, it } from "vitest";
import { createEvalEnv, evaluate, parse } from "../../packages/jql/src/index.js";
import { compileStage1 } from "../../packages/sidecar/src/db/compiler/index.js";
import { FIXTURE_NOW, FIXTURE_ZONE } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import type { Harness } from "./support/harness.js";

const EXPECTED: readonly [jql: string, keys: readonly string[]][] = [
  // PUB-2: version 1 added by alice, added again by bob (no-op).
  ["fixVersion WAS 1 BY alice", ["PUB-2"]],
  ["fixVersion WAS 1 BY bob", []],
  // PUB-2: version 3's first item removes it: present from creation (creator alice).
  ["fixVersion WAS 3 BY alice", ["PUB-2"]],
  ['fixVersion WAS 3 AFTER "2024-06-10 11:59" BEFORE "2024-06-10 12:01"', ["PUB-1", "PUB-2"]],
  // PUB-2: 2 swapped for 4 and 4 for 2 at one instant: 4 is never held.
  ["fixVersion WAS 4", []],
  ["fixVersion WAS 2 BY alice", ["PUB-1", "PUB-2"]],
  ["fixVersion WAS 2 BY carol", ["PUB-2", "PUB-3"]],
  // SEC-1: its only version removed (EMPTY from 00:00Z, by bob) and re-added at 06:00Z.
  ["fixVersion WAS EMPTY BY bob", ["PUB-1", "SEC-1"]],
  ['fixVersion WAS EMPTY DURING ("2024-06-15 02:00", "2024-06-15 03:00")', ["PUB-10", "REP-2", "SEC-1"]],
  // WAS NOT is the complement: PUB-1 had no version until its first addition.
  ["fixVersion WAS NOT EMPTY", ["PUB-2", "PUB-3", "SEC-2"]],
  ["fixVersion CHANGED FROM 2 TO 4", ["PUB-2"]],
  ["fixVersion CHANGED TO EMPTY BY bob", ["PUB-1", "PUB-2", "SEC-1"]],
  // PUB-10: 1 → 2 → 4 at one instant: 2 is never held.
  ["status WAS 2", ["PUB-1", "PUB-2", "REP-2"]],
  ["status WAS 4 BY dave", ["PUB-10"]],
  ["status CHANGED TO 2", ["PUB-1", "PUB-10"]],
  ["priority WAS EMPTY BY alice", ["PUB-10"]],
  ["priority CHANGED TO EMPTY", ["PUB-10"]],
  // SEC-1: its assignee change is dated before its creation: carol was never assignee.
  ["assignee WAS carol", ["REP-1", "REP-2"]],
  ["assignee WAS bob BY alice", ["SEC-1"]],
  // REP-1: issue type changed at the creation instant; resolution set and cleared.
  ["issuetype WAS 2", ["PUB-2", "SEC-2"]],
  ["issuetype WAS 1 BY carol", ["REP-1", "REP-2"]],
  ['resolution WAS 1 DURING ("2024-06-15 11:40", "2024-06-15 11:50")', ["PUB-3", "REP-1"]],
  ["resolution CHANGED FROM 1 TO EMPTY BY dave", ["REP-1"]],
  ["resolution WAS IN (1, 2) ON 2024-06-13", ["PUB-3", "SEC-2"]],
  ['status CHANGED ON "2024-06-14" BY bob', ["PUB-1"]],
  ['status CHANGED DURING ("2024-06-12", "2024-06-13 11:00")', ["PUB-3", "SEC-2"]],
  ["NOT status CHANGED", ["PUB-2", "REP-1", "REP-2", "SEC-1"]],
];

describe("history on hand-made timelines", () => {
  let h: Harness;
  useFixtureTenant("compiler_history", (opened) => {
    h = opened;
  });

  it.each(EXPECTED)("%s", async (jql, keys) => {
    const clause = parse(jql).where;
    const env = createEvalEnv(h.index, { user: null, now: FIXTURE_NOW, timeZone: FIXTURE_ZONE });
    const evaluated = h.dataset.issues
      .filter((issue) => evaluate(clause, issue, env))
      .map((issue) => issue.key);
    const compiled = compileStage1(clause, h.compiler);
    const rows = await h.db.sql.unsafe<{ key: string }[]>(
      `SELECT key FROM issues WHERE id::text IN (${compiled.text})`,
      compiled.values as never[],
    );
    expect({ sql: rows.map((r) => r.key).sort(), evaluator: evaluated.sort() }).toEqual({
      sql: [...keys].sort(),
      evaluator: [...keys].sort(),
    });
  });
});
