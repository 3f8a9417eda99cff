import { describe, expect, it } from "vitest";
import { catalogResolver } from "./catalog-memory.js";
import { JqlError } from "./diagnostics.js";
import { subscriptionHash } from "./hash.js";
import { plan, planToJson } from "./plan.js";
import { print } from "./printer.js";
import { SAMPLE_CATALOG } from "./testing/sample-catalog.js";

const resolver = catalogResolver(SAMPLE_CATALOG);
const QUEUE =
  'project = FOO AND status in (Open, "In Progress") AND assignee = currentUser() ORDER BY priority DESC, created ASC';

describe("plan", () => {
  it("plans a typical queue query with a resolver", () => {
    const p = plan(QUEUE, { resolver });
    expect(p.normalizedText).toBe(
      "assignee = currentUser() AND project = 10000 AND status IN (1, 3) ORDER BY priority DESC, created ASC",
    );
    expect(p.stage1Text).toBe("assignee IS NOT EMPTY AND project = 10000 AND status IN (1, 3)");
    expect(p.stage2Text).toBe("assignee = currentUser() ORDER BY priority DESC, created ASC");
    expect(p.stage2Only).toBe(false);
    expect(p.subscription).toBe(subscriptionHash(p.stage1Text!));
    expect(p.subscription).toMatch(/^[0-9a-f]{20}$/);
    expect(p.metadata).toEqual({ project: ["10000"], status: ["1", "3"] });
    expect(p.clauses.map((c) => c.class)).toEqual(["user", "static", "static"]);
  });

  it("keeps the trees consistent with the texts", () => {
    const p = plan(QUEUE, { resolver });
    expect(print(p.normalized)).toBe(p.normalizedText);
    expect(print({ kind: "query", span: p.query.span, where: p.stage1, orderBy: null })).toBe(p.stage1Text);
    expect(print(p.stage2!)).toBe(p.stage2Text);
    expect(print(p.query)).toBe(QUEUE.replace("in", "IN"));
  });

  it("gives equivalent queries one subscription", () => {
    const spellings = [
      QUEUE,
      "status IN ('In Progress', 1) and assignee in (currentUser()) and PROJECT = 10000",
      'NOT (status NOT IN (open, "in progress") OR project != foo) AND assignee = currentUser()',
      "project = foo AND (status = 1 OR status = 3) AND assignee = currentUser() ORDER BY created",
      "(assignee = currentUser() AND project = FOO) AND status in (Open) OR (assignee = currentUser() AND project = FOO) AND status = 3",
    ];
    const subscriptions = new Set(spellings.map((jql) => plan(jql, { resolver }).subscription));
    expect(subscriptions.size).toBe(1);
    expect(plan("project = FOO AND assignee = currentUser()", { resolver }).subscription).not.toBe(
      plan(QUEUE, { resolver }).subscription,
    );
  });

  it("is JSON-serializable without its trees", () => {
    const json = planToJson(plan(QUEUE));
    expect(Object.keys(json).sort()).toEqual([
      "clauses",
      "jql",
      "metadata",
      "normalizedText",
      "stage1Text",
      "stage2Only",
      "stage2Text",
      "subscription",
    ]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("marks Stage-2-only queries", () => {
    const p = plan("assignee = currentUser() OR comment ~ help ORDER BY created");
    expect([p.stage1, p.stage1Text, p.subscription, p.stage2Only]).toEqual([null, null, null, true]);
    expect(p.stage2Text).toBe("assignee = currentUser() OR comment ~ help ORDER BY created");
    expect(p.metadata).toEqual({});
  });

  it("reports syntax errors with a position, and rejects only with a resolver", () => {
    expect(() => plan("project = ")).toThrow(JqlError);
    expect(plan("status = Nope").normalizedText).toBe("status = Nope");
    expect(() => plan("status = Nope", { resolver })).toThrow(
      /The value 'Nope' does not exist for the field 'status'/,
    );
  });

  it("passes parse options through", () => {
    expect(() => plan("a = 1", { parse: { maxLength: 3 } })).toThrow(/limit is 3/);
  });
});

describe("plan: large inputs stay linear", () => {
  // Pairwise rules (absorption) are bounded; a quadratic pass would take tens of seconds here.
  const orOfAnds = Array.from({ length: 4000 }, (_, i) => `(f${i % 13} = v${i} AND g${i % 7} = w${i})`).join(
    " OR ",
  );
  const andOfOrs = Array.from({ length: 4000 }, (_, i) => `(f${i % 13} = v${i} OR h = ${i})`).join(" AND ");
  for (const [name, jql] of [
    ["an OR of 4000 ANDs", orOfAnds],
    ["an AND of 4000 ORs", andOfOrs],
  ] as const) {
    it(name, () => {
      const p = plan(jql);
      expect(plan(p.normalizedText).normalizedText).toBe(p.normalizedText);
    });
  }
});
