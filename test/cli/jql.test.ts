import { describe, expect, it } from "vitest";
import { runSubq } from "../support/cli.js";

describe("subq jql (as a process)", () => {
  it("check: one line out per line in, exit 0", () => {
    const result = runSubq(["jql", "check"], {
      input: "status = Open\nstatus = = Open\r\nORDER BY created\n",
    });
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      "OK\tstatus = Open",
      "ERROR\t2:10\texpected a value, a function or EMPTY after '=' but found '='",
      "OK\tORDER BY created",
      "",
    ]);
  });

  it("explain --json prints one JSON object", () => {
    const result = runSubq(["jql", "explain", "--json", "project = FOO AND assignee = currentUser()"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ stage1: "assignee IS NOT EMPTY AND project = FOO" });
  });

  it("explain of bad JQL exits 1 with the diagnostic and a caret, no stack trace", () => {
    const result = runSubq(["jql", "explain", "project ="]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("line 1, column 10: expected a value");
    expect(result.stderr).toContain("^");
    expect(result.stderr).not.toContain("    at ");
  });

  it("an unknown command says so and points at --help", () => {
    const result = runSubq(["jql", "frobnicate"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("unknown command");
  });
});
