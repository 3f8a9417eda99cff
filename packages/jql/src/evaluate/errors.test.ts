/** What the evaluator rejects, with which code, and where (the span of the culprit). */
import { describe, expect, it } from "vitest";
import { evaluationError } from "./test-support.js";

describe("errors", () => {
  it.each([
    ["lastViewed > -1d", "E_UNSUPPORTED_FIELD", "lastViewed", /per-user viewing history/],
    ["foo = bar", "E_UNKNOWN_FIELD", "foo", /'foo' does not exist/],
    ["cf[999] = 1", "E_UNKNOWN_FIELD", "cf[999]", /cf\[999\]/],
    ['"Team[Checkboxes]" = x', "E_UNKNOWN_FIELD", '"Team[Checkboxes]"', /Team\[Checkboxes\]/],
    ["issue.property[x] = 1", "E_UNSUPPORTED_FIELD", "issue.property[x]", /entity properties/],
    [
      "Flagged[Checkboxes] = x",
      "E_UNSUPPORTED_FIELD",
      "Flagged[Checkboxes]",
      /quote it: "Flagged\[Checkboxes\]"/,
    ],
    ["assignee = lastLogin()", "E_UNSUPPORTED_FUNCTION", "lastLogin()", /session data/],
    ["assignee = fooBar()", "E_UNSUPPORTED_FUNCTION", "fooBar()", /does not know it/],
    ["assignee in now()", "E_UNSUPPORTED_FUNCTION", "now()", /cannot be used with the field 'assignee'/],
    ["created > currentUser()", "E_UNSUPPORTED_FUNCTION", "currentUser()", /'created'/],
    ["assignee in membersOf()", "E_BAD_VALUE", "membersOf()", /takes 1 argument/],
    ["created > startOfDay(1, 2)", "E_BAD_VALUE", "startOfDay(1, 2)", /0 to 1 argument/],
    ["created > startOfDay(tomorrow)", "E_BAD_VALUE", "tomorrow", /increment/],
    [
      "project in projectsWhereUserHasPermission('Edit Issues')",
      "E_UNSUPPORTED_FUNCTION",
      "'Edit Issues'",
      /browse/,
    ],
    ["labels < x", "E_UNSUPPORTED_OPERATOR", "labels < x", /not ordered/],
    ["status > Open", "E_UNSUPPORTED_OPERATOR", "status > Open", /not ordered/],
    ["project ~ x", "E_UNSUPPORTED_OPERATOR", "project ~ x", /text search/],
    ["summary = x", "E_UNSUPPORTED_OPERATOR", "x", /use ~ or !~/],
    ["attachments = x", "E_UNSUPPORTED_OPERATOR", "x", /IS EMPTY/],
    ["labels WAS x", "E_UNSUPPORTED_HISTORY", "labels", /no history/],
    ["Severity CHANGED", "E_UNSUPPORTED_HISTORY", "Severity", /no history/],
    ['summary ~ "a OR b"', "E_TEXT_SYNTAX", '"a OR b"', /operator OR/],
    ["summary ~ now()", "E_BAD_VALUE", "now()", /text in quotes/],
    ["status WAS Open DURING (2020-01-01)", "E_BAD_VALUE", "(2020-01-01)", /two dates/],
    ["status WAS Open BEFORE EMPTY", "E_BAD_VALUE", "EMPTY", /a date/],
    ["status WAS Open ON (2020-01-01, 2020-01-02)", "E_BAD_VALUE", "(2020-01-01, 2020-01-02)", /a date/],
    ["ORDER BY watcher", "E_UNSUPPORTED_FIELD", "watcher", /ORDER BY/],
    ["ORDER BY comment", "E_UNSUPPORTED_FIELD", "comment", /ORDER BY/],
  ])("%s → %s at %j", (jql, code, culprit, message) => {
    const error = evaluationError(jql);
    expect(error?.code).toBe(code);
    expect(error?.message).toMatch(message);
    const { start, end } = error!.diagnostic.span;
    expect(jql.slice(start, end)).toBe(culprit);
  });

  it("raises errors when compiling, whatever the data", () => {
    expect(evaluationError("project = PUB AND labels < x")?.code).toBe("E_UNSUPPORTED_OPERATOR");
    expect(evaluationError("project = NOPE AND summary ~ '-x'")?.code).toBe("E_TEXT_SYNTAX");
  });
});
