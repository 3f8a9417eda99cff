/**
 * Permissions (docs/jql-semantics.md §8) on the fixture with two more users: hank holds
 * exactly alice's grants, frank carol's groups; admins may browse REP. Expected answers
 * are worked out by hand from the schemes, for SQL and evaluator alike: a user never sees
 * an issue of a project they may not browse, an issue above their security level, or a
 * match in a comment they may not read. Permission classes: users with identical grants
 * share one and get identical answers; a grant through the reporter or assignee makes the
 * class the user's own.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../packages/jql/src/index.js";
import { parse } from "../../packages/jql/src/index.js";
import { catalogQueryArbitrary } from "../../packages/jql/src/testing/query-arbitrary.js";
import {
  compileDirect,
  createPermissionContext,
  permissionClass,
  permissionsNameUser,
} from "../../packages/sidecar/src/db/compiler/index.js";
import { edgeFixture, FIXTURE_NOW } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import { ALL, directPage, evaluatorIds, type Harness, ids, requestOf } from "./support/harness.js";

const base = edgeFixture.catalog;
const dataset: Dataset = {
  ...edgeFixture,
  catalog: {
    ...base,
    users: [
      ...base.users,
      { id: "frank", displayName: "Frank Fox", email: null, active: true },
      { id: "hank", displayName: "Hank Hill", email: null, active: true },
    ],
    groups: {
      developers: [...base.groups.developers!, "hank"],
      support: [...base.groups.support!, "frank"],
      admins: [...base.groups.admins!, "hank"],
    },
    permissionSchemes: base.permissionSchemes.map((s) =>
      s.id === 3 ? { ...s, browse: [...s.browse, { type: "group" as const, group: "admins" }] } : s,
    ),
  },
};

const VISIBLE: Readonly<Record<string, readonly string[]>> = {
  alice: ["PUB-1", "PUB-2", "PUB-3", "PUB-10", "SEC-1", "SEC-2", "REP-1", "REP-2"],
  hank: ["PUB-1", "PUB-2", "PUB-3", "PUB-10", "SEC-1", "SEC-2", "REP-1", "REP-2"],
  bob: ["PUB-1", "PUB-2", "PUB-3", "PUB-10", "SEC-1", "SEC-2"],
  carol: ["PUB-1", "PUB-3", "PUB-10", "SEC-1", "SEC-2", "REP-2"],
  frank: ["PUB-1", "PUB-3", "PUB-10", "SEC-1", "SEC-2"],
  dave: ["PUB-1", "PUB-3", "PUB-10", "REP-1", "REP-2"],
  erin: ["PUB-1", "PUB-3", "PUB-10"],
  anonymous: ["PUB-1", "PUB-3", "PUB-10"],
};

const COMMENTS: readonly [jql: string, seenBy: readonly string[], keys: readonly string[]][] = [
  // Restricted to the group developers.
  ["comment ~ csrf", ["alice", "hank", "bob"], ["PUB-1"]],
  // Restricted to the role Developers of PUB: bob only (alice and hank hold it in SEC).
  ["comment ~ review", ["bob"], ["PUB-2"]],
  ["text ~ review", ["bob"], ["PUB-2"]],
  // Unrestricted, on an issue of SEC.
  ["comment ~ rotation", ["alice", "hank", "bob", "carol", "frank"], ["SEC-1"]],
  ["comment ~ firefox", Object.keys(VISIBLE), ["PUB-1"]],
];

const user = (name: string) => (name === "anonymous" ? null : name);

describe("permissions", () => {
  let h: Harness;
  const keysOf = (idList: readonly string[]) =>
    idList.map((id) => h.dataset.issues.find((i) => String(i.id) === id)!.key).sort();
  useFixtureTenant(
    "compiler_permissions",
    (opened) => {
      h = opened;
    },
    dataset,
  );

  it.each(Object.entries(VISIBLE))(
    "%s sees exactly the issues the schemes and levels grant",
    async (name, keys) => {
      const searcher = { user: user(name), now: FIXTURE_NOW };
      const query = parse("ORDER BY key");
      expect(keysOf(ids(await directPage(h, query, searcher)))).toEqual([...keys].sort());
      expect(keysOf(evaluatorIds(h, query, searcher))).toEqual([...keys].sort());
    },
  );

  it.each(COMMENTS)("%s matches only through comments the searcher may read", async (jql, seenBy, keys) => {
    for (const name of Object.keys(VISIBLE)) {
      const searcher = { user: user(name), now: FIXTURE_NOW };
      const expected = seenBy.includes(name) ? [...keys].sort() : [];
      expect([name, keysOf(ids(await directPage(h, parse(jql), searcher)))]).toEqual([name, expected]);
      expect([name, keysOf(evaluatorIds(h, parse(jql), searcher))]).toEqual([name, expected]);
    }
  });

  it("comment IS EMPTY counts only readable, non-empty comments", async () => {
    const searcher = { user: "alice", now: FIXTURE_NOW };
    // alice cannot read PUB-2's only comment; PUB-3's is empty.
    const expected = ["PUB-2", "PUB-3", "PUB-10", "SEC-2", "REP-1", "REP-2"];
    expect(keysOf(ids(await directPage(h, parse("comment IS EMPTY"), searcher)))).toEqual(expected.sort());
  });

  it("gives users with identical grants one class, and others their own", () => {
    const classOf = (name: string | null) => permissionClass(createPermissionContext(h.catalog, name));
    expect(classOf("hank")).toBe(classOf("alice"));
    expect(permissionsNameUser(createPermissionContext(h.catalog, "alice"))).toBe(false);
    // frank holds carol's groups, but REP is browsable by its reporters: each is their own class.
    expect(permissionsNameUser(createPermissionContext(h.catalog, "carol"))).toBe(true);
    expect(classOf("frank")).not.toBe(classOf("carol"));
    const all = [...Object.keys(VISIBLE).map(user)].map(classOf);
    expect(new Set(all).size).toBe(all.length - 1);
  });

  it("users of one class get identical answers to queries that do not name the user", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(catalogQueryArbitrary(h.catalog, { history: false }), async (query) => {
        const [alice, hank] = [
          { user: "alice", now: FIXTURE_NOW },
          { user: "hank", now: FIXTURE_NOW },
        ];
        let userFree: boolean;
        try {
          userFree = !compileDirect(query, h.compiler, requestOf(h, alice), ALL).dependsOn.user;
        } catch {
          return; // rejected queries are error-parity's business
        }
        if (!userFree) return;
        compared++;
        expect(ids(await directPage(h, query, hank))).toEqual(ids(await directPage(h, query, alice)));
      }),
      { seed: 7, numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(50);
  });
});
