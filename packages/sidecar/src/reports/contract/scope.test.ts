import { describe, expect, it } from "vitest";
import { isReportError } from "../errors.js";
import { parseScope, scopeHash } from "./scope.js";

describe("parseScope", () => {
  it("reads the three forms, case-insensitively, keys upper-cased", () => {
    expect(parseScope("project:foo")).toEqual({ kind: "project", key: "FOO" });
    expect(parseScope(" Project : ABC_1 ")).toEqual({ kind: "project", key: "ABC_1" });
    expect(parseScope("jql: project = FOO AND type = Bug")).toEqual({
      kind: "jql",
      jql: "project = FOO AND type = Bug",
    });
    expect(parseScope("TENANT")).toEqual({ kind: "tenant" });
  });

  it("says what is wrong, where, and what a good scope looks like", () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /a scope is required: project:<KEY>/],
      ["", /a scope is required/],
      ["projekt:FOO", /"projekt:FOO" is not a scope; expected project:<KEY> \(e\.g\. project:FOO\)/],
      ["FOO", /"FOO" is not a scope/],
      ["project:1FOO", /"1FOO" is not a project key/],
      ["project:", /"" is not a project key/],
      ["jql:", /jql: needs a query/],
      ["jql:".padEnd(5_000, "x"), /at most 4000/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        parseScope(text, "body.scope");
      } catch (error) {
        caught = error;
      }
      expect(isReportError(caught, "E_REPORT_BAD_SCOPE"), String(text)).toBe(true);
      expect((caught as Error).message).toMatch(message);
      expect((caught as { where?: string }).where).toBe("body.scope");
      expect((caught as { code?: string }).code).toBe("E_BAD_REQUEST");
    }
  });

  it("digests canonical scopes into short stable key parts", () => {
    expect(scopeHash("project:FOO")).toMatch(/^[0-9a-f]{16}$/);
    expect(scopeHash("project:FOO")).toBe(scopeHash("project:FOO"));
    expect(scopeHash("project:FOO")).not.toBe(scopeHash("project:BAR"));
  });
});
