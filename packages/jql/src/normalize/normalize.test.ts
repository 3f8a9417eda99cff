import { describe, expect, it } from "vitest";
import { catalogResolver } from "../catalog-memory.js";
import type { JqlError } from "../diagnostics.js";
import { parse } from "../parser.js";
import { print } from "../printer.js";
import { SAMPLE_CATALOG } from "../testing/sample-catalog.js";
import { realCorpus } from "../testing/shared-files.js";
import { type NormalizeOptions, normalizeQuery } from "./normalize.js";

const resolver = catalogResolver(SAMPLE_CATALOG);

function normalized(jql: string, options: NormalizeOptions = {}): string {
  const result = normalizeQuery(parse(jql), { ...options, source: jql });
  // The cached text is the printed tree, and normalizing it again changes nothing.
  expect(print(result.query)).toBe(result.text);
  expect(normalizeQuery(parse(result.text), options).text).toBe(result.text);
  return result.text;
}

// [input, canonical text] without a resolver: purely syntactic.
const SYNTACTIC: readonly (readonly [string, string])[] = [
  ["project = FOO", "project = FOO"],
  ["PROJECT = FOO", "project = FOO"],
  ['project = "FOO"', "project = FOO"],
  ["project = 'FOO'", "project = FOO"],
  ["project = 10000", "project = 10000"],
  ['project = "10000"', 'project = "10000"'],
  ["space = FOO", "project = FOO"],
  ["type = Bug", "issuetype = Bug"],
  ["issueType = Bug", "issuetype = Bug"],
  ["workType = Bug", "issuetype = Bug"],
  ["key = foo-1", "issuekey = FOO-1"],
  ["id = 10001", "issuekey = 10001"],
  ["issue in (FOO-2, foo-1)", "issuekey IN (FOO-1, FOO-2)"],
  ["issuekey > foo-10", "issuekey > FOO-10"],
  ["parent = foo-1", "parent = FOO-1"],
  ["createdDate > 2020-01-01", "created > 2020-01-01"],
  ['duedate < "2020/01/01"', 'due < "2020/01/01"'],
  ["components = UI", "component = UI"],
  ["fixVersions = 1.0", "fixVersion = 1.0"],
  ["timeestimate > 1h", "remainingEstimate > 1h"],
  ["lastviewed > -1d", "lastViewed > -1d"],
  ["status in (Open)", "status = Open"],
  ["status not in (Open)", "status != Open"],
  ["status = EMPTY", "status IS EMPTY"],
  ["status = null", "status IS EMPTY"],
  ["status != null", "status IS NOT EMPTY"],
  ["status in (EMPTY)", "status IS EMPTY"],
  ["status not in (EMPTY)", "status IS NOT EMPTY"],
  ["status not in (Open, EMPTY)", "status != Open"],
  ["status in (Open, EMPTY)", "status IN (EMPTY, Open)"],
  ["x in (b, (a, c))", "x IN (a, b, c)"],
  ["x in (a, a, b)", "x IN (a, b)"],
  ["x in (b, a) and x in (a, b)", "x IN (a, b)"],
  ["resolution = Unresolved", "resolution IS EMPTY"],
  ["resolution != unresolved", "resolution IS NOT EMPTY"],
  ["resolution in (Unresolved, Fixed)", "resolution IN (EMPTY, Fixed)"],
  ["resolution not in (Unresolved, Fixed)", "resolution != Fixed"],
  ["resolution = 10", "resolution = 10"],
  ["NOT status = Open", "status != Open"],
  ["NOT NOT status = Open", "status = Open"],
  ["! status = Open", "status != Open"],
  ["NOT (status = Open AND priority = High)", "priority != High OR status != Open"],
  ["NOT (a = 1 OR b = 2)", "a != 1 AND b != 2"],
  [
    "NOT (status IN (Open, Done) OR assignee IS EMPTY)",
    "assignee IS NOT EMPTY AND status NOT IN (Done, Open)",
  ],
  ["NOT priority < High", "priority >= High"],
  ["NOT summary ~ foo", "summary !~ foo"],
  ["NOT status WAS Open", "status WAS NOT Open"],
  ["NOT status CHANGED", "NOT status CHANGED"],
  ["NOT NOT status CHANGED", "status CHANGED"],
  ["NOT (status CHANGED OR status WAS Open)", "NOT status CHANGED AND status WAS NOT Open"],
  ["status = Open and project = FOO", "project = FOO AND status = Open"],
  ["status = Open && project = FOO", "project = FOO AND status = Open"],
  ["status = Open & project = FOO", "project = FOO AND status = Open"],
  ["(status = Open) AND ((project = FOO))", "project = FOO AND status = Open"],
  ["a = 1 AND (b = 2 AND c = 3)", "a = 1 AND b = 2 AND c = 3"],
  ["(c = 3 AND b = 2) AND a = 1", "a = 1 AND b = 2 AND c = 3"],
  ["a = 1 OR (b = 2 OR c = 3)", "a = 1 OR b = 2 OR c = 3"],
  ["a = 1 || b = 2 | c = 3", "a = 1 OR b = 2 OR c = 3"],
  ["a = 1 AND a = 1", "a = 1"],
  ["a = 1 OR b = 2 AND c = 3", "a = 1 OR b = 2 AND c = 3"],
  ["(a = 1 OR b = 2) AND c = 3", "(a = 1 OR b = 2) AND c = 3"],
  ["c = 3 AND (b = 2 OR a = 1)", "(a = 1 OR b = 2) AND c = 3"],
  ["(a = 1 OR b = 2) AND (b = 2 OR a = 1)", "a = 1 OR b = 2"],
  ["(a = 1 AND b = 2) OR (c = 3 AND a = 1)", "a = 1 AND (b = 2 OR c = 3)"],
  ["(a = 1 AND s = 1) OR (a = 1 AND s = 3)", "a = 1 AND s IN (1, 3)"],
  ["(a = 1 AND b = 2 AND x = 1) OR (a = 1 AND b = 2 AND y = 1) OR (b = 2 AND a = 1)", "a = 1 AND b = 2"],
  ["a = 1 OR (a = 1 AND b = 2)", "a = 1"],
  ["a = 1 AND (a = 1 OR b = 2)", "a = 1"],
  ["(a = 1 AND b = 2) AND (a = 1 AND b = 2 OR c = 3)", "a = 1 AND b = 2"],
  ["a = 1 AND (a = 1 AND b = 2 OR c = 3)", "a = 1 AND (a = 1 AND b = 2 OR c = 3)"],
  ["status = Open OR status = Done", "status IN (Done, Open)"],
  ["status = Open OR status in (Done, Closed)", "status IN (Closed, Done, Open)"],
  ["status = Open OR status IS EMPTY", "status IN (EMPTY, Open)"],
  ["status = Open OR priority = High OR status = Done", "priority = High OR status IN (Done, Open)"],
  ["status != Open AND status != Done", "status NOT IN (Done, Open)"],
  ["status != Open AND status NOT IN (Done, EMPTY)", "status NOT IN (Done, Open)"],
  ["status != Open AND status IS NOT EMPTY", "status != Open"],
  // Not merged: false for single-valued fields but not for multi-valued ones, and vice versa.
  ["labels = a AND labels = b", "labels = a AND labels = b"],
  ["labels != a OR labels != b", "labels != a OR labels != b"],
  // ... but a clause implied by a sibling is absorbed: `= High` implies `IN (High, Highest)`.
  ["priority in (High, Highest) and priority in (High)", "priority = High"],
  ["priority in (High, Highest) or priority = High and labels = x", "priority IN (High, Highest)"],
  ["(f != 1 AND x = 1) OR (f IS NOT EMPTY AND y = 1)", "(f != 1 AND x = 1 OR y = 1) AND f IS NOT EMPTY"],
  ["assignee = bob OR assignee IS NOT EMPTY", "assignee IS NOT EMPTY"],
  ["assignee > bob OR assignee IS NOT EMPTY OR reporter = x", "assignee IS NOT EMPTY OR reporter = x"],
  ["assignee IS EMPTY OR assignee IS NOT EMPTY", ""],
  ["assignee in (EMPTY, bob) OR assignee IS NOT EMPTY", ""],
  ["(assignee IS EMPTY OR assignee IS NOT EMPTY) AND project = FOO", "project = FOO"],
  ["assignee = bob AND assignee IS NOT EMPTY", "assignee = bob"],
  ["priority > High AND priority IS NOT EMPTY", "priority > High"],
  [
    "assignee in (EMPTY, bob) AND assignee IS NOT EMPTY",
    "assignee IN (EMPTY, bob) AND assignee IS NOT EMPTY",
  ],
  ["comment ~ a OR comment IS NOT EMPTY", "comment IS NOT EMPTY OR comment ~ a"],
  ["assignee in (currentUser())", "assignee = currentUser()"],
  ["assignee IN currentUser()", "assignee = currentUser()"],
  ["assignee = currentuser()", "assignee = currentUser()"],
  ["assignee not in (currentUser())", "assignee != currentUser()"],
  ["assignee = currentUser() OR assignee = bob", "assignee IN (bob, currentUser())"],
  ["assignee = currentUser() OR assignee IS EMPTY", "assignee IN (EMPTY, currentUser())"],
  ["assignee != currentUser() AND assignee != bob", "assignee NOT IN (bob, currentUser())"],
  ["assignee in membersOf(devs)", "assignee IN membersOf(devs)"],
  ["assignee in (membersOf(devs))", "assignee IN membersOf(devs)"],
  ["issuetype in standardWorkTypes()", "issuetype IN standardIssueTypes()"],
  ["fixVersion in (unreleasedVersions())", "fixVersion IN unreleasedVersions()"],
  ["fixVersion in (latestReleasedVersion(FOO))", "fixVersion = latestReleasedVersion(FOO)"],
  ["sprint in openSprints() OR sprint in futureSprints()", "sprint IN (futureSprints(), openSprints())"],
  ['"Time to resolution" = breached()', '"Time to resolution" = breached()'],
  ['"Time to resolution" in (breached())', '"Time to resolution" IN breached()'],
  ["created >= startofday(-1)", "created >= startOfDay(-1)"],
  ["created > -5d", "created > -5d"],
  ['due <= endOfWeek("+1")', 'due <= endOfWeek("+1")'],
  ["summary ~ EMPTY", "summary IS EMPTY"],
  ["summary !~ EMPTY", "summary IS NOT EMPTY"],
  ['summary ~ "quick win"', 'summary ~ "quick win"'],
  ["summary ~ 'x' OR description ~ 'x'", "description ~ x OR summary ~ x"],
  ["summary ~ 42", 'summary ~ "42"'],
  ["labels = 123", 'labels = "123"'],
  ['votes > "5"', "votes > 5"],
  ["watchers >= '2'", "watchers >= 2"],
  ["text ~ foo AND comment ~ bar", "comment ~ bar AND text ~ foo"],
  ['statusCategory = "To Do"', "statusCategory = new"],
  ['statusCategory in ("In Progress", done, Indeterminate)', "statusCategory IN (done, indeterminate)"],
  ["statusCategory = 4", "statusCategory = indeterminate"],
  ["projectType = Service_Desk", "projectType = service_desk"],
  ["status CHANGED BY bob FROM Open TO Done", "status CHANGED BY bob FROM Open TO Done"],
  ["status changed to Done from Open after -1d", "status CHANGED AFTER -1d FROM Open TO Done"],
  ["status changed from (Done, Open, Done)", "status CHANGED FROM (Done, Open)"],
  ["status changed during (2020-01-01, now())", "status CHANGED DURING (2020-01-01, now())"],
  ["status changed after -1d after -1d", "status CHANGED AFTER -1d"],
  ["resolution changed from unresolved", "resolution CHANGED FROM EMPTY"],
  ["status was in (Open)", "status WAS Open"],
  ["status was in (EMPTY)", "status WAS EMPTY"],
  ["status was not in (Open, Done)", "status WAS NOT IN (Done, Open)"],
  ["status WAS Open OR status WAS Done", "status WAS IN (Done, Open)"],
  [
    "status WAS Open BEFORE 2020-01-01 OR status WAS Done",
    "status WAS Done OR status WAS Open BEFORE 2020-01-01",
  ],
  ["status WAS NOT Open AND status WAS NOT Done", "status WAS NOT IN (Done, Open)"],
  ["assignee was currentUser() by bob", "assignee WAS currentUser() BY bob"],
  ['"Story Points" > 5', '"Story Points" > 5'],
  ["cf[10016] > 5", "cf[10016] > 5"],
  ["Flagged[Checkboxes] = Impediment", "Flagged[Checkboxes] = Impediment"],
  ['"Epic Link" = foo-1', '"Epic Link" = foo-1'],
  ["ORDER BY created DESC, key", "ORDER BY created DESC, issuekey"],
  ["ORDER BY created, created DESC, type", "ORDER BY created, issuetype"],
  ["project = FOO order by Rank asc", "project = FOO ORDER BY Rank ASC"],
  [
    'project = FOO AND status in (Open, "In Progress") AND assignee = currentUser() ORDER BY priority DESC, created ASC',
    'assignee = currentUser() AND project = FOO AND status IN ("In Progress", Open) ORDER BY priority DESC, created ASC',
  ],
  ["", ""],
];

// [input, canonical text] with the sample catalog's resolver: names become ids.
const RESOLVED: readonly (readonly [string, string])[] = [
  ["project = FOO", "project = 10000"],
  ["project = foo", "project = 10000"],
  ['project = "Foo Project"', "project = 10000"],
  ["project = 10000", "project = 10000"],
  ["project = BAZ", "project = 10002"],
  ["project in (FOO, BAR, 10000)", "project IN (10000, 10001)"],
  ["project = FOO OR project = BAR", "project IN (10000, 10001)"],
  ["status = 3", "status = 3"],
  ['status = "3"', "status = 5"],
  ['status in (open, "In Progress")', "status IN (1, 3)"],
  ["type = bug", "issuetype = 1"],
  ["resolution = Unresolved", "resolution IS EMPTY"],
  ["resolution in (Fixed, Unresolved)", "resolution IN (1, EMPTY)"],
  ["component = Backend", "component IN (100, 101)"],
  ["component != Backend", "component NOT IN (100, 101)"],
  ["component in (Backend, UI)", "component IN (100, 101, 102)"],
  ['fixVersion > "1.0"', "fixVersion > 200 OR fixVersion > 201"],
  ['fixVersion = "2.0"', "fixVersion = 202"],
  ['sprint = "Sprint 1"', "sprint = 1"],
  ["category = internal", "category = 1"],
  ["level = Secret", "level = 1"],
  ["priority > Medium", "priority > 3"],
  ['assignee = "alice smith"', "assignee = u1"],
  ['assignee = "ALICE@example.com"', "assignee = u1"],
  ["assignee in (u2, currentUser())", "assignee IN (currentUser(), u2)"],
  ['"Story Points" > 5', "cf[10016] > 5"],
  ['"story points[Number]" > 5', "cf[10016] > 5"],
  ["cf[10016] > '5'", "cf[10016] > 5"],
  ['"Team[Dropdown]" = red', "cf[10020] = 1"],
  ["Team = Red", "cf[10020] = 1 OR cf[10021] = Red"],
  ["Flagged = Impediment", "cf[10030] = 3"],
  ["Reviewer = currentUser()", "cf[10050] = currentUser()"],
  ['Reviewer = "Bob Jones"', "cf[10050] = u2"],
  ["Tags = 7", 'cf[10070] = "7"'],
  ["Notes ~ foo", "cf[10060] ~ foo"],
  ['status changed from Open to Done by "Bob Jones"', "status CHANGED BY u2 FROM 1 TO 10001"],
  ["status was Open", "status WAS 1"],
  ['ORDER BY "Story Points" DESC, cf[10016]', "ORDER BY cf[10016] DESC"],
  ["ORDER BY Team", "ORDER BY cf[10020]"],
];

// [input, error code, message fragment] with the resolver.
const REJECTED: readonly (readonly [string, string, string])[] = [
  ["status = Nope", "E_UNKNOWN_VALUE", "The value 'Nope' does not exist for the field 'status'."],
  ["assignee = nobody", "E_UNKNOWN_VALUE", "for the field 'assignee'"],
  ["Reviewer = nobody", "E_UNKNOWN_VALUE", "for the field 'Reviewer'"],
  ['statusCategory = "Almost done"', "E_UNKNOWN_VALUE", "statusCategory"],
  ["nosuchfield = 1", "E_UNKNOWN_FIELD", "Field 'nosuchfield' does not exist"],
  ["stauts = Open", "E_UNKNOWN_FIELD", "did you mean 'status'"],
  ["cf[99999] = 1", "E_UNKNOWN_FIELD", "cf[99999]"],
  ["lastViewed > -1d", "E_UNSUPPORTED_FIELD", "per-user viewing history"],
  ["Flagged[Checkboxes] = Impediment", "E_UNSUPPORTED_FIELD", '"Flagged[Checkboxes]"'],
  ["issue.property[x].y = 1", "E_UNSUPPORTED_FIELD", "entity properties"],
  ["issuekey in linkedIssues(FOO-1)", "E_UNSUPPORTED_FUNCTION", "issue links"],
  ["assignee = frobnicate()", "E_UNSUPPORTED_FUNCTION", "frobnicate"],
  ["created > startOfDay(1, 2)", "E_BAD_VALUE", "startOfDay"],
  ["labels WAS a", "E_UNSUPPORTED_HISTORY", "labels"],
  ['"Story Points" CHANGED', "E_UNSUPPORTED_HISTORY", "Story Points"],
  ["projectType = retail", "E_UNKNOWN_VALUE", "projectType"],
  ["project = FOO ORDER BY watcher", "E_UNSUPPORTED_FIELD", "cannot be used in ORDER BY"],
  // A literal of a typed field must denote a value of it (the back ends would compare with nothing).
  [
    'created > "nonsense"',
    "E_BAD_VALUE",
    "Date value 'nonsense' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
  ],
  ['created > "2021-01-01garbage"', "E_BAD_VALUE", "Date value '2021-01-01garbage' for field 'created'"],
  ["updated >= 2021-02-30", "E_BAD_VALUE", "Date value '2021-02-30' for field 'updated'"],
  ['resolved < "2021-01-01 25:00"', "E_BAD_VALUE", "'2021-01-01 25:00'"],
  ["due in (2021-01-01, soon)", "E_BAD_VALUE", "Date value 'soon' for field 'due'"],
  ["created = 20210101", "E_BAD_VALUE", "Date value '20210101'"],
  ['created > "-4w -2d"', "E_BAD_VALUE", "'-4w -2d'"],
  ['created > "-999999999w"', "E_BAD_VALUE", "'-999999999w'"],
  ['"Start date" > yesterday', "E_BAD_VALUE", "Date value 'yesterday' for field 'Start date'"],
  ["status WAS Open BEFORE nonsense", "E_BAD_VALUE", "Date value 'nonsense' for the predicate 'BEFORE'"],
  ['status CHANGED DURING (2021-01-01, "later")', "E_BAD_VALUE", "for the predicate 'DURING'"],
  ["votes > abc", "E_BAD_VALUE", "The value 'abc' is invalid for the field 'votes': give a number"],
  ["watchers in (1, many)", "E_BAD_VALUE", "'many' is invalid for the field 'watchers'"],
  ["workRatio > 1e3", "E_BAD_VALUE", "'1e3' is invalid for the field 'workRatio'"],
  ['"Story Points" > lots', "E_BAD_VALUE", "'lots' is invalid for the field 'Story Points'"],
  [
    "originalEstimate > forever",
    "E_BAD_VALUE",
    "'forever' is invalid for the field 'originalEstimate': give a duration",
  ],
  ["timeSpent < 10s", "E_BAD_VALUE", "'10s' is invalid for the field 'timeSpent'"],
  [
    "issuekey = 99999999999999999999",
    "E_BAD_VALUE",
    "is invalid for the field 'issuekey': give an issue key",
  ],
  ["parent = -5", "E_BAD_VALUE", "'-5' is invalid for the field 'parent'"],
];

describe("normalize: golden texts without a resolver", () => {
  it("has a large table", () => expect(SYNTACTIC.length + RESOLVED.length).toBeGreaterThanOrEqual(100));
  for (const [input, expected] of SYNTACTIC) {
    it(`${input || "(empty)"} → ${expected || "(empty)"}`, () => expect(normalized(input)).toBe(expected));
  }
});

describe("normalize: golden texts with the sample catalog's resolver", () => {
  for (const [input, expected] of RESOLVED) {
    it(`${input} → ${expected}`, () => expect(normalized(input, { resolver })).toBe(expected));
  }
});

describe("normalize: rejections with a resolver", () => {
  for (const [input, code, fragment] of REJECTED) {
    it(`${input} → ${code}`, () => {
      // Without a resolver the same query is accepted: `subq jql check` checks syntax only.
      expect(() => normalized(input)).not.toThrow();
      let error: JqlError | undefined;
      try {
        normalizeQuery(parse(input), { resolver, source: input });
      } catch (e) {
        error = e as JqlError;
      }
      expect(error?.code).toBe(code);
      expect(error?.diagnostic.message).toContain(fragment);
      expect(error?.diagnostic.span.start).toBeGreaterThanOrEqual(0);
      expect(error?.diagnostic.span.end).toBeLessThanOrEqual(input.length);
    });
  }

  it("accepts every date format, number and duration the back ends read", () => {
    for (const jql of [
      'created > "2021/1/2" AND created < "2021-01-02 3:04" AND updated > -5d AND updated < "-4w 2d"',
      'resolved > "+3m" AND due = 0 AND due < " 2021-01-01 " AND "Start date" > startOfDay()',
      "status WAS Open DURING (2021-01-01, -1d) AND status CHANGED AFTER -2w BEFORE now()",
      'votes > 2.5 AND watchers = -1 AND workRatio < 50 AND "Story Points" IN (1, 2)',
      'originalEstimate > 2h AND remainingEstimate < "1d 4h" AND timeSpent = 90',
      "issuekey IN (FOO-1, 10001) AND parent = 9007199254740991 AND created IS EMPTY",
    ]) {
      expect(() => normalizeQuery(parse(jql), { resolver, source: jql }), jql).not.toThrow();
    }
  });

  it("points at the bad date, with the formats", () => {
    const jql = 'project = FOO AND created > "2021-01-01garbage"';
    try {
      normalizeQuery(parse(jql), { resolver, source: jql });
      throw new Error("accepted");
    } catch (e) {
      const d = (e as JqlError).diagnostic;
      expect([d.code, jql.slice(d.span.start, d.span.end)]).toEqual(["E_BAD_VALUE", '"2021-01-01garbage"']);
    }
  });

  it("points at the unknown value", () => {
    const jql = "project = FOO AND\n  status = Nope";
    try {
      normalizeQuery(parse(jql), { resolver, source: jql });
      throw new Error("accepted");
    } catch (e) {
      const d = (e as JqlError).diagnostic;
      expect([d.line, d.column, jql.slice(d.span.start, d.span.end)]).toEqual([2, 12, "Nope"]);
    }
  });
});

describe("normalize: the real-world corpus", () => {
  const ok = realCorpus().filter((row) => row.verdict === "OK");
  it("normalizes every accepted query idempotently", () => {
    expect(ok.length).toBeGreaterThan(250);
    for (const row of ok) normalized(row.query);
  });
});
