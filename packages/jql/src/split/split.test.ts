import { describe, expect, it } from "vitest";
import { catalogResolver } from "../catalog-memory.js";
import { plan } from "../plan.js";
import { SAMPLE_CATALOG } from "../testing/sample-catalog.js";

const resolver = catalogResolver(SAMPLE_CATALOG);

// [jql, Stage 1 text (null: Stage-2-only), Stage 2 text (null: permissions only)]
const SPLITS: readonly (readonly [string, string | null, string | null])[] = [
  // Static queries: everything in Stage 1, nothing left for Stage 2.
  ["project = FOO AND status = Open", "project = FOO AND status = Open", null],
  ["project = FOO OR status = Open", "project = FOO OR status = Open", null],
  ["summary ~ crash AND labels = ui", "labels = ui AND summary ~ crash", null],
  [
    "created > 2020-01-01 AND due < '2024/12/31 10:00'",
    'created > 2020-01-01 AND due < "2024/12/31 10:00"',
    null,
  ],
  ["issuetype in standardIssueTypes()", "issuetype IN standardIssueTypes()", null],
  ['"Story Points" > 5 AND cf[10040] = -5', '"Story Points" > 5 AND cf[10040] = -5', null],
  // ORDER BY always belongs to Stage 2.
  ["project = FOO ORDER BY created DESC", "project = FOO", "ORDER BY created DESC"],
  ["ORDER BY created", null, "ORDER BY created"],
  ["", null, null],
  // Placeholders.
  ["assignee = currentUser()", "assignee IS NOT EMPTY", "assignee = currentUser()"],
  ["assignee != currentUser()", "assignee IS NOT EMPTY", "assignee != currentUser()"],
  ["assignee in (bob, currentUser())", "assignee IS NOT EMPTY", "assignee IN (bob, currentUser())"],
  ["assignee in (EMPTY, currentUser())", null, "assignee IN (EMPTY, currentUser())"],
  ["assignee = currentUser() OR assignee IS EMPTY", null, "assignee IN (EMPTY, currentUser())"],
  ["assignee not in (bob, currentUser())", "assignee != bob", "assignee NOT IN (bob, currentUser())"],
  [
    "assignee not in (bob, carol, membersOf(x))",
    "assignee NOT IN (bob, carol)",
    "assignee NOT IN (bob, carol, membersOf(x))",
  ],
  ["assignee in membersOf(devs)", "assignee IS NOT EMPTY", "assignee IN membersOf(devs)"],
  ["watcher = currentUser()", "watcher IS NOT EMPTY", "watcher = currentUser()"],
  ["due < endOfWeek()", "due IS NOT EMPTY", "due < endOfWeek()"],
  ["resolved > -1w", "resolved IS NOT EMPTY", "resolved > -1w"],
  ["due not in (2020-01-01, -1d)", "due != 2020-01-01", "due NOT IN (-1d, 2020-01-01)"],
  ["sprint in openSprints()", "sprint IS NOT EMPTY", "sprint IN openSprints()"],
  [
    "fixVersion = latestReleasedVersion(FOO)",
    "fixVersion IS NOT EMPTY",
    "fixVersion = latestReleasedVersion(FOO)",
  ],
  ["cf[10050] = currentUser()", "cf[10050] IS NOT EMPTY", "cf[10050] = currentUser()"],
  ['"Start date" < -1d', '"Start date" IS NOT EMPTY', '"Start date" < -1d'],
  ["summary ~ currentUser()", "summary IS NOT EMPTY", "summary ~ currentUser()"],
  // Never-empty fields have no useful placeholder: TRUE.
  ["created > -5d", null, "created > -5d"],
  ["updated >= startOfDay()", null, "updated >= startOfDay()"],
  ["project in projectsLeadByUser()", null, "project IN projectsLeadByUser()"],
  ["issuekey in watchedIssues()", null, "issuekey IN watchedIssues()"],
  // No placeholder at all.
  ["comment ~ secret", null, "comment ~ secret"],
  ["text ~ secret", null, "text ~ secret"],
  ["status WAS Open", null, "status WAS Open"],
  ["status CHANGED", null, "status CHANGED"],
  ["NOT status CHANGED", null, "NOT status CHANGED"],
  ["lastViewed > -1d", null, "lastViewed > -1d"],
  ["x = frobnicate()", null, "x = frobnicate()"],
  ["x in (a, frobnicate())", null, "x IN (a, frobnicate())"],
  ["x not in (a, frobnicate())", null, "x NOT IN (a, frobnicate())"],
  ['"Time to resolution" = breached()', null, '"Time to resolution" = breached()'],
  // Conjunction: static conjuncts are enforced by Stage 1 and dropped from Stage 2.
  [
    'project = FOO AND status in (Open, "In Progress") AND assignee = currentUser() ORDER BY priority DESC, created ASC',
    'assignee IS NOT EMPTY AND project = FOO AND status IN ("In Progress", Open)',
    "assignee = currentUser() ORDER BY priority DESC, created ASC",
  ],
  ["project = FOO AND created > -5d", "project = FOO", "created > -5d"],
  ["project = FOO AND comment ~ x AND updated > -1d", "project = FOO", "comment ~ x AND updated > -1d"],
  // Dynamic atoms inside a conjunct: the whole conjunct stays in Stage 2.
  [
    "project = FOO AND (assignee = currentUser() OR reporter = currentUser())",
    "(assignee IS NOT EMPTY OR reporter IS NOT EMPTY) AND project = FOO",
    "assignee = currentUser() OR reporter = currentUser()",
  ],
  ["project = FOO AND (status = Done OR created > -1d)", "project = FOO", "created > -1d OR status = Done"],
  // Disjunction with a dynamic atom: Stage 2 is the whole query.
  [
    "project = FOO OR assignee = currentUser()",
    "assignee IS NOT EMPTY OR project = FOO",
    "assignee = currentUser() OR project = FOO",
  ],
  ["project = FOO OR comment ~ x", null, "comment ~ x OR project = FOO"],
  // Placeholders merge with static clauses on the same field.
  [
    "assignee = bob OR assignee = currentUser() OR assignee IS EMPTY",
    null,
    "assignee IN (EMPTY, bob, currentUser())",
  ],
  ["assignee IS NOT EMPTY AND assignee = currentUser()", "assignee IS NOT EMPTY", "assignee = currentUser()"],
  [
    "assignee != bob AND assignee != currentUser()",
    "assignee != bob",
    "assignee NOT IN (bob, currentUser())",
  ],
  [
    "(assignee = currentUser() OR assignee IS EMPTY) AND project = FOO",
    "project = FOO",
    "assignee IN (EMPTY, currentUser())",
  ],
  [
    "(assignee = currentUser() AND created > -1d) OR status = Done",
    "assignee IS NOT EMPTY OR status = Done",
    "assignee = currentUser() AND created > -1d OR status = Done",
  ],
];

describe("split: Stage 1 and Stage 2", () => {
  for (const [jql, stage1, stage2] of SPLITS) {
    it(jql || "(empty)", () => {
      const p = plan(jql);
      expect(p.stage1Text).toBe(stage1);
      expect(p.stage2Text).toBe(stage2);
      expect(p.stage2Only).toBe(stage1 === null);
      expect(p.subscription === null).toBe(stage1 === null);
      // Stage 1 is canonical: it is its own normalization and its own Stage 1.
      if (stage1 !== null) {
        const again = plan(stage1);
        expect(again.normalizedText).toBe(stage1);
        expect(again.stage1Text).toBe(stage1);
      }
    });
  }
});

describe("split: with a resolver", () => {
  it("resolves before splitting, and custom field types decide the class", () => {
    const p = plan('project = FOO AND Reviewer = currentUser() AND "Start date" > -2d AND Notes ~ foo', {
      resolver,
    });
    expect(p.stage1Text).toBe(
      "cf[10040] IS NOT EMPTY AND cf[10050] IS NOT EMPTY AND cf[10060] ~ foo AND project = 10000",
    );
    expect(p.stage2Text).toBe("cf[10040] > -2d AND cf[10050] = currentUser()");
  });

  it("keeps relative-looking values of non-date fields static", () => {
    const p = plan('"Story Points" = 0 AND labels = -1d', { resolver });
    expect(p.stage1Text).toBe("cf[10016] = 0 AND labels = -1d");
    expect(p.stage2Text).toBeNull();
  });

  it("treats a relative-looking value of an unknown field as temporal without a resolver", () => {
    expect(plan('"Story Points" = 0').stage2Text).toBe('"Story Points" = 0');
  });
});

describe("split: clause explanations", () => {
  it("classifies each clause and says why and what Stage 1 keeps", () => {
    const p = plan(
      "project = FOO AND assignee = currentUser() AND created > -5d AND due < now() AND comment ~ x AND status WAS Open AND sprint in openSprints() AND x = foo() AND project in projectsWhereUserHasRole(Dev)",
    );
    const byText = Object.fromEntries(p.clauses.map((c) => [c.text, c]));
    expect(byText["project = FOO"]).toEqual({
      text: "project = FOO",
      class: "static",
      why: "static: depends only on the issue and configuration",
      stage1: { keep: "itself" },
    });
    expect(byText["assignee = currentUser()"]).toEqual({
      text: "assignee = currentUser()",
      class: "user",
      why: "currentUser() depends on who is searching",
      stage1: { keep: "placeholder", text: "assignee IS NOT EMPTY" },
    });
    expect(byText["created > -5d"]?.class).toBe("temporal");
    expect(byText["created > -5d"]?.why).toBe("'-5d' is relative to the time of the search");
    expect(byText["created > -5d"]?.stage1).toEqual({ keep: "nothing" });
    expect(byText["due < now()"]?.why).toBe("now() depends on the time of the search");
    expect(byText["comment ~ x"]?.class).toBe("permission");
    expect(byText["status WAS Open"]?.class).toBe("external");
    expect(byText["sprint IN openSprints()"]?.why).toBe(
      "openSprints() depends on sprint state that changes without an issue event",
    );
    expect(byText["x = foo()"]?.why).toBe("foo() is not a known function, so it is treated as dynamic");
    expect(byText["project IN projectsWhereUserHasRole(Dev)"]?.class).toBe("permission");
    expect(p.clauses.map((c) => c.text)).toEqual(p.normalizedText.split(" AND "));
  });
});
