import { plan } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { checkLine, explainJson, explainText } from "./jql-commands.js";

describe("subq jql check", () => {
  it("prints OK and the normalized text for a valid query", () => {
    expect(checkLine("Project = FOO && type IN (Bug) ORDER BY created", 1)).toBe(
      "OK\tissuetype = Bug AND project = FOO ORDER BY created",
    );
    expect(checkLine("", 3)).toBe("OK\t");
  });

  it("prints ERROR with the input line number, the column and the message", () => {
    expect(checkLine("project = FOO AND AND x = 1", 7)).toBe(
      "ERROR\t7:19\texpected a field name, NOT or '(' but found 'AND' " +
        '(a keyword; quote it to use it as a name or value: "AND")',
    );
  });

  it("keeps each output on one line", () => {
    expect(checkLine('summary ~ "a\nb', 2).split("\n")).toHaveLength(1);
  });
});

describe("subq jql explain", () => {
  const p = plan("project = FOO AND assignee = currentUser() ORDER BY created DESC");

  it("gives the required JSON fields", () => {
    const json = explainJson(p);
    expect(json).toMatchObject({
      normalized: "assignee = currentUser() AND project = FOO ORDER BY created DESC",
      stage1: "assignee IS NOT EMPTY AND project = FOO",
      stage2: "assignee = currentUser() ORDER BY created DESC",
      stage2Only: false,
      metadata: { project: ["FOO"] },
    });
    expect(json.subscription).toMatch(/^[0-9a-f]{20}$/);
    expect(json.clauses.map((c) => c.class)).toEqual(["user", "static"]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("says when a query is Stage-2-only", () => {
    const json = explainJson(plan("assignee = currentUser() OR updated > -1d"));
    expect(json).toMatchObject({ stage1: null, subscription: null, stage2Only: true });
    expect(explainText(plan("assignee = currentUser() OR updated > -1d"))).toContain("Stage-2-only");
  });
});
