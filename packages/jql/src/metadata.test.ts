import { describe, expect, it } from "vitest";
import { catalogResolver } from "./catalog-memory.js";
import type { Metadata } from "./metadata.js";
import { plan } from "./plan.js";
import { SAMPLE_CATALOG } from "./testing/sample-catalog.js";

const resolver = catalogResolver(SAMPLE_CATALOG);

// [jql, metadata without a resolver]
const CASES: readonly (readonly [string, Metadata])[] = [
  ["project = FOO", { project: ["FOO"] }],
  ["project = FOO AND status in (Open, Done)", { project: ["FOO"], status: ["Done", "Open"] }],
  ["type = Bug AND sprint = 5", { issuetype: ["Bug"], sprint: ["5"] }],
  // The Stage 1 of a dynamic query: the placeholder constrains nothing.
  ["project = FOO AND assignee = currentUser()", { project: ["FOO"] }],
  // Several constraints on one field: the smallest set (sound for multi-valued sprint too).
  ["status in (Open, Done, Closed) AND status in (Open, Done)", { status: ["Done", "Open"] }],
  ["sprint = 1 AND sprint = 2", { sprint: ["1"] }],
  // Not a plain value set: unconstrained.
  ["project = FOO OR status = Open", {}],
  ["status != Open", {}],
  ["status in (Open, EMPTY)", {}],
  ["sprint is EMPTY", {}],
  ["sprint in openSprints()", {}],
  ["issuetype in standardIssueTypes()", {}],
  ["status WAS Open", {}],
  ["(project = FOO OR project = BAR) AND status = Open", { project: ["BAR", "FOO"], status: ["Open"] }],
  ["(project = FOO AND status = Open) OR project = BAR", {}],
  ["created > -1d", {}],
  ['status = ""', {}],
  ["labels = x AND priority = High", {}],
  ["", {}],
];

describe("metadata", () => {
  for (const [jql, expected] of CASES) {
    it(jql || "(empty)", () => expect(plan(jql).metadata).toEqual(expected));
  }

  it("holds ids when a resolver was used", () => {
    const p = plan('project in (FOO, BAR) AND status in (Open, "In Progress") AND sprint = "Sprint 1"', {
      resolver,
    });
    expect(p.metadata).toEqual({ project: ["10000", "10001"], status: ["1", "3"], sprint: ["1"] });
  });

  it("reads the configured fields, by any alias", () => {
    const p = plan("project = FOO AND priority = High AND labels = x AND type = Bug", {
      metadataFields: ["priority", "Labels", "type"],
    });
    expect(p.metadata).toEqual({ priority: ["High"], labels: ["x"], issuetype: ["Bug"] });
  });

  it("reads custom fields by cf[N]", () => {
    const p = plan("Team = Red AND project = FOO", { resolver, metadataFields: ["cf[10020]"] });
    expect(p.stage1Text).toBe("(cf[10020] = 1 OR cf[10021] = Red) AND project = 10000");
    expect(p.metadata).toEqual({});
    expect(plan('"Team[Dropdown]" = Red', { resolver, metadataFields: ["cf[10020]"] }).metadata).toEqual({
      "cf[10020]": ["1"],
    });
  });
});
