/** Browse permissions, security levels and comment visibility (docs/jql-semantics.md §8). */
import { describe, expect, it } from "vitest";
import type { Dataset } from "../model.js";
import { parse } from "../parser.js";
import { fixtureContext, fixtureDataset } from "../testing/fixture-dataset.js";
import { createEvalEnv } from "./env.js";
import { commentVisible, evaluateQuery, isVisible } from "./query.js";
import { fixtureEnv, itMatchesAs, keyList, searchKeys } from "./test-support.js";

const sorted = (keys: readonly string[]) => [...keys].sort();

describe("issue visibility", () => {
  it.each([
    ["alice", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2"],
    ["bob", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2"],
    ["carol", "PUB-1 PUB-3 PUB-10 SEC-1 SEC-2 REP-2"],
    ["dave", "PUB-1 PUB-3 PUB-10 REP-1 REP-2"],
    ["erin", "PUB-1 PUB-3 PUB-10"],
    [null, "PUB-1 PUB-3 PUB-10"],
  ] as const)("%s sees %s", (user, expected) => {
    expect(sorted(searchKeys("", user))).toEqual(sorted(keyList(expected)));
  });

  it("lets the assignee through a security level that names the assignee", () => {
    const assigned: Dataset = {
      ...fixtureDataset,
      issues: fixtureDataset.issues.map((i) => (i.key === "PUB-2" ? { ...i, assignee: "dave" } : i)),
    };
    const keys = evaluateQuery(parse("project = PUB"), assigned, fixtureContext("dave")).map((i) => i.key);
    expect(sorted(keys)).toEqual(sorted(["PUB-1", "PUB-2", "PUB-3", "PUB-10"]));
    expect(evaluateQuery(parse("key = PUB-2"), assigned, fixtureContext("carol"))).toEqual([]);
  });

  it("fails closed when a project's scheme or an issue's level is missing", () => {
    const broken: Dataset = {
      ...fixtureDataset,
      catalog: {
        ...fixtureDataset.catalog,
        permissionSchemes: fixtureDataset.catalog.permissionSchemes.slice(1),
        securityLevels: [],
      },
      issues: fixtureDataset.issues.map((i) => (i.key === "SEC-1" ? { ...i, securityLevelId: 1 } : i)),
    };
    const env = createEvalEnv(broken, fixtureContext("alice"));
    expect(broken.issues.filter((i) => isVisible(i, env)).map((i) => i.key)).toEqual(["SEC-2"]);
  });

  it("applies permissions after the WHERE clause", () => {
    expect(searchKeys("assignee = alice", "alice")).toEqual(["PUB-1"]);
    expect(searchKeys("assignee = alice", "dave")).toEqual(["PUB-1", "REP-2"]);
  });
});

describe("comment visibility", () => {
  const comment = (id: number) => fixtureDataset.comments.find((c) => c.id === id)!;
  const issue = (id: number) => fixtureDataset.issues.find((i) => i.id === id)!;

  it.each([
    [1, "alice", true],
    [1, null, true],
    [2, "alice", true],
    [2, "bob", true],
    [2, "carol", false],
    [2, null, false],
    [3, "bob", true],
    [3, "alice", false],
    [4, "alice", true],
    [4, "dave", false],
  ] as const)("comment %i is visible to %s: %s", (id, user, expected) => {
    const c = comment(id);
    expect(commentVisible(c, issue(c.issueId), fixtureEnv(user))).toBe(expected);
  });

  itMatchesAs([
    ["comment ~ csrf", "alice", "PUB-1"],
    ["comment ~ csrf", "bob", "PUB-1"],
    ["comment ~ csrf", "carol", ""],
    ["comment ~ draft", "bob", "PUB-2"],
    ["comment ~ draft", "alice", ""],
    ["comment ~ rotation", "alice", "SEC-1"],
    ["comment ~ rotation", "dave", ""],
    ["comment is empty", "alice", "PUB-2 PUB-3 PUB-10 SEC-2 REP-1 REP-2"],
    ["comment is not empty", "bob", "PUB-1 PUB-2 SEC-1"],
    ["comment !~ csrf", "alice", "SEC-1"],
    ["comment !~ csrf", "carol", "PUB-1 SEC-1"],
    ["text ~ csrf", "carol", ""],
    ["text ~ draft", "bob", "PUB-2"],
  ]);
});
