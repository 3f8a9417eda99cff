/**
 * WAS / CHANGED over the fixture's history (fixture-dataset.ts). PUB-1's status was Open
 * [06-01 08:00Z, 06-03 09:00Z) (creator bob), In Progress until 06-14 10:00Z (alice), then
 * Open (bob); its fixVersion was empty, then 2.0 [06-02 11:00Z, 06-05 00:00Z), then 3.0
 * (the removal and the addition at 06-05 00:00Z leave an instantaneous empty set, which
 * does not count). Issues without items hold their current value since `created`.
 */
import { describe, expect, it } from "vitest";
import { fixtureDataset } from "../testing/fixture-dataset.js";
import { itMatchesAs, keyList, matchingKeys } from "./test-support.js";
import { setTimeline, singleTimeline } from "./timeline.js";

describe("WAS", () => {
  itMatchesAs([
    ["status WAS Open", "alice", "PUB-1 PUB-3 SEC-1 SEC-2 REP-1"],
    ['status WAS "In Progress"', "alice", "PUB-1 PUB-2 REP-2"],
    ["status WAS NOT Open", "alice", "PUB-2 PUB-10 REP-2"],
    ["status WAS IN (Done, Reopened)", "alice", "PUB-3 PUB-10 SEC-2"],
    ['status WAS NOT IN (Open, "In Progress")', "alice", "PUB-10"],
    ["NOT status WAS Open", "alice", "PUB-2 PUB-10 REP-2"],
    ['status WAS "In Progress" BY alice', "alice", "PUB-1 PUB-2"],
    ["status WAS Open BY currentUser()", "bob", "PUB-1"],
    ["status WAS Open BY (carol, dave)", "alice", "PUB-3 SEC-2 REP-1"],
    ["status WAS Open BEFORE 2024-06-02", "alice", "PUB-1 SEC-2"],
    ["status WAS Open AFTER 2024-06-14", "alice", "PUB-1 SEC-1 REP-1"],
    ['status WAS "In Progress" ON 2024-06-05', "alice", "PUB-1 REP-2"],
    ["status WAS Open DURING (2024-06-04, 2024-06-13)", "alice", "PUB-3 SEC-2"],
    ["status WAS Open DURING (2024-06-13, 2024-06-04)", "alice", ""],
    // PUB-3 was Open until 06-12 15:00Z (17:00 Berlin): intervals are half-open.
    ['status WAS Open DURING ("2024-06-12 17:00", now())', "alice", "PUB-1 SEC-1 SEC-2 REP-1"],
    ['status WAS Open DURING ("2024-06-12 16:59", now())', "alice", "PUB-1 PUB-3 SEC-1 SEC-2 REP-1"],
    ["status WAS Open BEFORE 2024-06-04 AFTER 2024-06-03", "alice", "PUB-1 SEC-2"],
    ["status WAS Open BEFORE 2024-06-04 AFTER 2024-06-05", "alice", "SEC-2"],
    ["status WAS Open BY bob AFTER 2024-06-13", "alice", "PUB-1"],
    ["status WAS Open BEFORE not-a-date", "alice", ""],
    ["status WAS NOT Open BEFORE not-a-date", "alice", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["status WAS Nonexistent", "alice", ""],
    ["assignee WAS bob", "alice", "PUB-1 PUB-3 SEC-1"],
    ["assignee WAS EMPTY", "alice", "PUB-1 PUB-2 SEC-2"],
    ["assignee WAS carol", "alice", "REP-1 REP-2"],
    ["assignee WAS IN membersOf(developers) BEFORE 2024-06-03", "alice", "PUB-1 REP-2"],
    ["assignee WAS currentUser()", "dave", "PUB-10"],
    ["reporter WAS alice", "alice", "PUB-2 SEC-1"],
    ["priority WAS Medium", "alice", "PUB-1 PUB-2 SEC-2 REP-1"],
    ["priority WAS EMPTY", "alice", "PUB-10"],
    ["resolution WAS EMPTY", "alice", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["resolution WAS Unresolved", "alice", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["resolution WAS Fixed", "alice", "PUB-3"],
    ["resolution WAS NOT EMPTY", "alice", ""],
    ["issuetype WAS Bug", "alice", "PUB-1 SEC-1 REP-2"],
    ['fixVersion WAS "2.0"', "alice", "PUB-1 PUB-2 PUB-3 SEC-2"],
    ["fixVersion WAS 3 BEFORE 2024-06-05", "alice", ""],
    ["fixVersion WAS 3 BEFORE 2024-06-06", "alice", "PUB-1"],
    // PUB-1 lost 2.0 at 06-05 00:00Z, after 2024-06-05 00:00 in Berlin (06-04 22:00Z).
    ["fixVersion WAS 2 AFTER 2024-06-05", "alice", "PUB-1 PUB-2 PUB-3"],
    ["fixVersion WAS 2 AFTER 2024-06-06", "alice", "PUB-2 PUB-3"],
    ["fixVersion WAS EMPTY", "alice", "PUB-1 PUB-10 REP-1 REP-2"],
    ["fixVersion WAS EMPTY AFTER 2024-06-03", "alice", "PUB-10 REP-1 REP-2"],
    ['fixVersion WAS "2.0" BY bob', "alice", ""],
    ["fixVersion WAS 2 BY alice", "alice", "PUB-1 PUB-2"],
    ["fixVersion WAS IN releasedVersions()", "alice", "PUB-1 PUB-2 PUB-3"],
  ]);
});

describe("CHANGED", () => {
  it.each([
    ["status CHANGED", "PUB-1 PUB-3 SEC-2"],
    ["NOT status CHANGED", "PUB-2 PUB-10 SEC-1 REP-1 REP-2"],
    ["status CHANGED FROM Open TO Done", "PUB-3 SEC-2"],
    ['status CHANGED FROM "In Progress"', "PUB-1"],
    ["status CHANGED FROM (Reopened, Done)", ""],
    ["status CHANGED BY alice", "PUB-1"],
    ["status CHANGED AFTER 2024-06-13", "PUB-1 SEC-2"],
    ["status CHANGED AFTER -2d", "PUB-1"],
    ["status CHANGED BEFORE 2024-06-04", "PUB-1"],
    ["status CHANGED ON 2024-06-12", "PUB-3"],
    ["status CHANGED DURING (2024-06-12, 2024-06-13)", "PUB-3"],
    ['status CHANGED DURING (2024-06-12, "2024-06-13 11:00")', "PUB-3 SEC-2"],
    ["status CHANGED TO Open BY alice", ""],
    ["NOT status CHANGED BY bob", "PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["assignee CHANGED TO alice", "PUB-1 REP-2"],
    ["assignee CHANGED FROM EMPTY", "PUB-1"],
    ["assignee CHANGED TO currentUser()", "PUB-1 REP-2"],
    ['fixVersion CHANGED TO "3.0"', "PUB-1"],
    ["fixVersion CHANGED FROM 2", "PUB-1"],
    ["fixVersion CHANGED FROM EMPTY TO 2", "PUB-1"],
    ["resolution CHANGED TO Fixed BY bob", "PUB-3"],
    ["priority CHANGED FROM Medium TO High", "PUB-1"],
    ["reporter CHANGED", ""],
  ])("%s", (jql, expected) => {
    expect(matchingKeys(jql)).toEqual(keyList(expected));
  });
});

describe("timelines", () => {
  const issue = fixtureDataset.issues[0]!;
  const items = (field: string) => fixtureDataset.history.filter((h) => h.issueId === 1 && h.field === field);

  it("builds half-open single-value intervals with their authors", () => {
    expect(singleTimeline(issue, items("status"), "1")).toEqual([
      {
        value: "1",
        start: Date.parse("2024-06-01T08:00:00Z"),
        end: Date.parse("2024-06-03T09:00:00Z"),
        author: "bob",
      },
      {
        value: "2",
        start: Date.parse("2024-06-03T09:00:00Z"),
        end: Date.parse("2024-06-14T10:00:00Z"),
        author: "alice",
      },
      { value: "1", start: Date.parse("2024-06-14T10:00:00Z"), end: Infinity, author: "bob" },
    ]);
  });

  it("builds fixVersion membership and emptiness, dropping zero-length intervals", () => {
    const t = (iso: string) => Date.parse(iso);
    expect(setTimeline(issue, items("fixVersion"), ["3"])).toEqual([
      { value: null, start: t("2024-06-01T08:00:00Z"), end: t("2024-06-02T11:00:00Z"), author: "bob" },
      { value: "2", start: t("2024-06-02T11:00:00Z"), end: t("2024-06-05T00:00:00Z"), author: "alice" },
      { value: "3", start: t("2024-06-05T00:00:00Z"), end: Infinity, author: "bob" },
    ]);
  });

  it("treats a version whose first item removes it as present from creation", () => {
    const removal = [{ issueId: 1, field: "fixVersion", from: "7", to: null, author: "erin", at: 5_000 }];
    const created = { ...issue, created: 1_000, creator: "carol" };
    expect(setTimeline(created, removal, [])).toEqual([
      { value: "7", start: 1_000, end: 5_000, author: "carol" },
      { value: null, start: 5_000, end: Infinity, author: "erin" },
    ]);
  });
});
