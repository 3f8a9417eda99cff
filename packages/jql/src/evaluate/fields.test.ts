/**
 * Table-driven tests of the evaluator over the fixture dataset (testing/fixture-dataset.ts):
 * each row is a JQL and the exact set of issue keys its WHERE clause matches (no
 * permissions), for the searcher alice at 2024-06-15 12:00 UTC in Europe/Berlin.
 */
import { describe, expect, it } from "vitest";
import { keyList, matchingKeys } from "./test-support.js";

const ALL = "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2";
const sorted = (keys: readonly string[]) => [...keys].sort();

function table(rows: readonly (readonly [string, string])[]): void {
  it.each(rows)("%s", (jql, expected) => {
    expect(sorted(matchingKeys(jql))).toEqual(sorted(keyList(expected)));
  });
}

describe("configuration fields", () => {
  table([
    ["project = PUB", "PUB-1 PUB-2 PUB-3 PUB-10"],
    ['project = "secret sauce"', "SEC-1 SEC-2"],
    ["project = 3", "REP-1 REP-2"],
    ["project in (pub, REP)", "PUB-1 PUB-2 PUB-3 PUB-10 REP-1 REP-2"],
    ["project != PUB", "SEC-1 SEC-2 REP-1 REP-2"],
    ["project = NOPE", ""],
    ["project != NOPE", ALL],
    ["project is empty", ""],
    ["issuetype = Bug", "PUB-1 SEC-1 REP-2"],
    ["type in standardIssueTypes()", "PUB-1 PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["issuetype in subtaskIssueTypes()", "PUB-3"],
    ["status = Open", "PUB-1 SEC-1 REP-1"],
    ['status = "in progress"', "PUB-2 REP-2"],
    ["status = 3", "PUB-3 SEC-2"],
    ['statusCategory = "To Do"', "PUB-1 PUB-10 SEC-1 REP-1"],
    ["statusCategory = done", "PUB-3 SEC-2"],
    ["statusCategory = 4", "PUB-2 REP-2"],
    ["statusCategory != new", "PUB-2 PUB-3 SEC-2 REP-2"],
    ["priority = High", "PUB-1 REP-2"],
    ["priority > Medium", "PUB-1 PUB-3 REP-2"],
    ["priority >= High", "PUB-1 PUB-3 REP-2"],
    ["priority < High", "PUB-2 SEC-1 SEC-2 REP-1"],
    ["priority <= Medium", "PUB-2 SEC-1 SEC-2 REP-1"],
    ["priority > Nonexistent", ""],
    ["priority IS EMPTY", "PUB-10"],
    ["priority != High", "PUB-2 PUB-3 SEC-1 SEC-2 REP-1"],
    ["resolution = Unresolved", "PUB-1 PUB-2 PUB-10 SEC-1 REP-1 REP-2"],
    ["resolution != Unresolved", "PUB-3 SEC-2"],
    ["resolution IS NOT EMPTY", "PUB-3 SEC-2"],
    ['resolution = "won\'t fix"', "SEC-2"],
    ["resolution in (Fixed, Unresolved)", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 REP-1 REP-2"],
    ["component = UI", "PUB-1 PUB-3 SEC-1"],
    ["component = 2", "PUB-2 PUB-3"],
    ["component is empty", "PUB-10 SEC-2 REP-1 REP-2"],
    ["component not in (UI)", "PUB-2"],
    ['fixVersion = "2.0"', "PUB-2 PUB-3 SEC-2"],
    ["fixVersion = 2", "PUB-2 PUB-3"],
    ['fixVersion < "2.0"', "PUB-2 SEC-1 SEC-2"],
    ['fixVersion > "1.0"', "PUB-1 PUB-2 PUB-3 SEC-2"],
    ["fixVersion >= 3", "PUB-1"],
    ["fixVersion is empty", "PUB-10 REP-1 REP-2"],
    ['affectedVersion = "2.0"', "PUB-1"],
    ["affectedVersion is not empty", "PUB-1"],
    ["sprint = 'Sprint 1'", "PUB-2 SEC-1"],
    ["sprint is empty", "PUB-3 SEC-2 REP-1 REP-2"],
    ["category = Products", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2"],
    ["category = 1", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2"],
    ["category is empty", "REP-1 REP-2"],
    ["projectType = business", "SEC-1 SEC-2"],
    ["projectType = SOFTWARE", "PUB-1 PUB-2 PUB-3 PUB-10"],
    ["projectType in (service_desk, business)", "SEC-1 SEC-2 REP-1 REP-2"],
    ["level = Internal", "PUB-2"],
    ["level is empty", "PUB-1 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["level != Internal", ""],
  ]);
});

describe("issue fields", () => {
  table([
    ["labels = frontend", "PUB-1 PUB-3 PUB-10"],
    ["labels = regression", ""],
    ["labels = Regression", "PUB-1"],
    ["labels != frontend", ""],
    ["labels != backend", "PUB-1 PUB-3"],
    ["labels in (backend, Regression)", "PUB-1 PUB-10"],
    ["labels not in (backend)", "PUB-1 PUB-3"],
    ["labels IS EMPTY", "PUB-2 SEC-1 SEC-2 REP-1 REP-2"],
    ["issuekey = pub-1", "PUB-1"],
    ["key = 3", "PUB-3"],
    ["issuekey in (PUB-1, SEC-2)", "PUB-1 SEC-2"],
    ["id != PUB-1", "PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["issuekey > PUB-3", "PUB-10"],
    ["issuekey <= PUB-2", "PUB-1 PUB-2"],
    ["issuekey < 4", "PUB-1 PUB-2 PUB-3"],
    ["issuekey > NOPE-1", ""],
    ["issuekey is empty", ""],
    ["parent = PUB-1", "PUB-3"],
    ["parent = 1", "PUB-3"],
    ["parent != PUB-1", ""],
    ["parent is empty", "PUB-1 PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["assignee = alice", "PUB-1 REP-2"],
    ['assignee = "Bob Brown"', "PUB-3 SEC-1"],
    ['assignee = "CAROL@example.com"', "REP-1"],
    ["assignee = nobody", ""],
    ["assignee != nobody", "PUB-1 PUB-3 PUB-10 SEC-1 REP-1 REP-2"],
    ["assignee is empty", "PUB-2 SEC-2"],
    ["assignee in (EMPTY, alice)", "PUB-1 PUB-2 SEC-2 REP-2"],
    ["assignee not in (EMPTY, alice)", "PUB-3 PUB-10 SEC-1 REP-1"],
    ["assignee = EMPTY", "PUB-2 SEC-2"],
    ["assignee != EMPTY", "PUB-1 PUB-3 PUB-10 SEC-1 REP-1 REP-2"],
    ["creator = carol", "PUB-3 SEC-2 REP-2"],
    ["reporter in (alice, dave)", "PUB-2 PUB-10 SEC-1 REP-1"],
    ["watcher = carol", "PUB-1"],
    ["voter in (carol, dave)", "PUB-1"],
    ["watcher is empty", "PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["votes > 1", "PUB-1 SEC-2"],
    ["votes = 0", "PUB-2 PUB-3 PUB-10 SEC-1 REP-1 REP-2"],
    ["votes = many", ""],
    ["watchers >= 1", "PUB-1 PUB-2"],
    ["watchers = 2", "PUB-1"],
    ["watchers is empty", ""],
    ["originalEstimate = 1d", "PUB-1"],
    ["originalEstimate > 2h", "PUB-1"],
    ["originalEstimate <= 60", "PUB-3 PUB-10"],
    ["timeSpent >= '2h'", "PUB-1 PUB-3"],
    ["remainingEstimate is empty", "PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["originalEstimate = 1w", ""],
    ["workRatio > 100", "PUB-3"],
    ["workRatio = 50", "PUB-1"],
    ["workRatio is empty", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["attachments is not empty", "PUB-1"],
    ["attachments is empty", "PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
  ]);
});

describe("dates", () => {
  table([
    ["created >= 2024-06-05", "PUB-2 PUB-3 SEC-1 REP-1"],
    ['created < "2024/06/01 10:00"', "PUB-10 SEC-2 REP-2"],
    ['created = "2024-06-01 10:00"', "PUB-1"],
    ["created = 2024-06-01", ""],
    ["created > -1d", "SEC-1 REP-1"],
    ['created > "-4w 2d"', "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 REP-1"],
    ["created >= startOfDay()", "SEC-1 REP-1"],
    ["created >= startOfWeek()", "PUB-2 SEC-1 REP-1"],
    ["created >= startOfMonth() and created <= endOfMonth()", "PUB-1 PUB-2 PUB-3 SEC-1 REP-1"],
    ["created < startOfYear()", ""],
    ["created >= startOfMonth(-1) and created < startOfMonth()", "PUB-10"],
    ["created > endOfDay(-1)", "SEC-1 REP-1"],
    ["created in (2024-03-01, 2024-06-15)", ""],
    ["created > not-a-date", ""],
    ["created != not-a-date", ALL],
    ["updated <= now()", ALL],
    ["updated > now()", ""],
    ["resolved is empty", "PUB-1 PUB-2 PUB-10 SEC-1 REP-1 REP-2"],
    ['resolved >= "2024-06-13"', "SEC-2"],
    ["statusCategoryChangedDate > 2024-06-13", "PUB-1"],
    ["due = 2024-06-15", "PUB-10 SEC-1"],
    ["due < 2024-06-15", "PUB-3"],
    ['due <= "2024-06-15 10:00"', "PUB-3 PUB-10 SEC-1"],
    ['due = "2024-06-15 10:00"', ""],
    ['due != "2024-06-15 10:00"', "PUB-1 PUB-3 PUB-10 SEC-1"],
    ['due > "2024-06-15 10:00"', "PUB-1"],
    ["due > now()", "PUB-1"],
    ["due >= startOfDay()", "PUB-1 PUB-10 SEC-1"],
    ["due < endOfWeek()", "PUB-3 PUB-10 SEC-1"],
    ['due in (2024-06-10, "2024/6/20")', "PUB-1 PUB-3"],
    ["due is empty", "PUB-2 SEC-2 REP-1 REP-2"],
  ]);

  it.each([
    ["UTC", "REP-1", "REP-1"],
    ["Europe/Berlin", "SEC-1 REP-1", "SEC-1 REP-1"],
    ["America/New_York", "REP-1", "REP-1"],
    ["Australia/Sydney", "SEC-1 REP-1", "SEC-1 REP-1"],
  ])("reads dates and startOfDay() in the tenant's zone: %s", (timeZone, literal, function_) => {
    expect(matchingKeys("created >= 2024-06-15", "alice", { timeZone })).toEqual(keyList(literal));
    expect(matchingKeys("created >= startOfDay()", "alice", { timeZone })).toEqual(keyList(function_));
  });

  it("starts weeks on the context's weekStart", () => {
    // Sunday 2024-06-09 00:00 Berlin is 06-08T22:00Z; Monday is 06-09T22:00Z (PUB-2's created).
    expect(matchingKeys("created >= startOfWeek()", "alice", { weekStart: 0 })).toEqual([
      "PUB-2",
      "SEC-1",
      "REP-1",
    ]);
    expect(matchingKeys("created > startOfWeek()", "alice", { weekStart: 1 })).toEqual(["SEC-1", "REP-1"]);
  });
});

describe("text search", () => {
  table([
    ["summary ~ firefox", "PUB-1 PUB-3"],
    ['summary ~ "login*"', "PUB-1 PUB-3"],
    ['summary ~ "\\"login button\\""', "PUB-1"],
    ['summary ~ "button login"', "PUB-1"],
    ["summary !~ firefox", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["summary ~ café", "PUB-10"],
    ["summary ~ cafe", ""],
    ["summary ~ ÉPIC", "PUB-10"],
    ['description ~ "login-button"', "PUB-1"],
    ["description ~ quick", "PUB-3"],
    ["description !~ quick", "PUB-1"],
    ["description is empty", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["description ~ EMPTY", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["description !~ EMPTY", "PUB-1 PUB-3"],
    ["environment is empty", "PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["environment ~ 120", "PUB-1"],
    ["text ~ firefox", "PUB-1 PUB-3"],
    ["text ~ qa", "PUB-1"],
    ["text ~ csrf", "PUB-1"],
    ['text ~ "login nothing"', "PUB-1"],
    ['text ~ "firefox nothing"', ""],
    ["text !~ firefox", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
  ]);
});

describe("custom fields", () => {
  table([
    ["Severity = Critical", "PUB-1"],
    ["cf[100] = 1001", "PUB-1"],
    ['"severity" in (Critical, Minor)', "PUB-1"],
    ["Severity != Minor", "PUB-1"],
    ["Severity is empty", "PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["Platforms = Mac", "PUB-1"],
    ["Platforms in (Windows, Linux)", "PUB-1 PUB-3"],
    ["Platforms not in (Linux)", "PUB-3"],
    ["Platforms != Windows", "PUB-1"],
    ['"Story Points" > 4', "PUB-1 PUB-2"],
    ['"Story Points" = 3', "PUB-3"],
    ["cf[102] <= 5", "PUB-1 PUB-3"],
    ['"Story Points[Number]" = 8', "PUB-2"],
    ['"Story Points" is empty', "PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ['"Release Date" = 2024-07-01', "PUB-1"],
    ['"Release Date" <= startOfDay()', "PUB-3"],
    ['"Release Date" > now()', "PUB-1"],
    ['"Deployed At" < "2024-06-15"', "PUB-1"],
    ['"Deployed At" >= startOfDay()', "PUB-10"],
    ["Reviewer = carol", "PUB-1"],
    ["Reviewer = currentUser()", "PUB-10"],
    ["Reviewer in membersOf(support)", "PUB-1"],
    ["Notes ~ qa", "PUB-1"],
    ["Notes is empty", "PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["Notes !~ qa", ""],
    ["Tags = ux", "PUB-1 PUB-10"],
    ["Tags != beta", "PUB-1"],
    ["Team = Red", "PUB-1"],
    ["Team = bob", "PUB-2"],
    ['"Team[User]" = bob', "PUB-2"],
    ['"Team[Select List (single choice)]" = Blue', "PUB-3"],
    ["Team is empty", ALL],
    ["cf[108] is empty", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
  ]);
});

describe("NOT and EMPTY", () => {
  table([
    ["NOT assignee = bob", "PUB-1 PUB-10 REP-1 REP-2"],
    ["NOT NOT assignee = bob", "PUB-3 SEC-1"],
    ["NOT (project = PUB AND assignee = alice)", "PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["NOT (labels = frontend OR labels = backend)", ""],
    ["NOT labels = frontend", ""],
    ["NOT priority > Medium", "PUB-2 SEC-1 SEC-2 REP-1"],
    ["NOT summary ~ firefox", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["NOT due is empty", "PUB-1 PUB-3 PUB-10 SEC-1"],
    ["NOT assignee in (alice, EMPTY)", "PUB-3 PUB-10 SEC-1 REP-1"],
    ["project = PUB and (status = Open or assignee = dave)", "PUB-1 PUB-10"],
  ]);
});

describe("where NOT is not a complement", () => {
  // Jira's De Morgan flip on a multi-valued field: PUB-2 has fix versions 1.0 and 2.0, so
  // some value is below 2.0 and some value is not.
  table([
    ['fixVersion < "2.0" AND NOT fixVersion < "2.0"', "PUB-2 SEC-2"],
    ["NOT Team = bob", "PUB-1 PUB-3"],
  ]);
});
