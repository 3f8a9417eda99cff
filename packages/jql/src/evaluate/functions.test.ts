/** Every supported function, for several searchers (fixture-dataset.ts). */
import { describe, expect, it } from "vitest";
import { matchingKeys } from "./test-support.js";

const PUB = "PUB-1 PUB-2 PUB-3 PUB-10";
const SEC = "SEC-1 SEC-2";
const REP = "REP-1 REP-2";
const split = (keys: string) => (keys === "" ? [] : keys.split(" "));

describe("functions", () => {
  it.each([
    ["assignee = currentUser()", "alice", "PUB-1 REP-2"],
    ["assignee != currentUser()", "alice", "PUB-3 PUB-10 SEC-1 REP-1"],
    ["reporter = currentUser()", null, ""],
    ["assignee != currentUser()", null, "PUB-1 PUB-3 PUB-10 SEC-1 REP-1 REP-2"],
    ["watcher = currentUser()", "bob", "PUB-2"],
    ["assignee in membersOf(developers)", "alice", "PUB-1 PUB-3 SEC-1 REP-2"],
    ['assignee in membersOf("DEVELOPERS")', "alice", "PUB-1 PUB-3 SEC-1 REP-2"],
    ["assignee not in membersOf(developers)", "alice", "PUB-10 REP-1"],
    ["assignee in membersOf(nosuchgroup)", "alice", ""],
    ["assignee in (membersOf(support), dave)", "alice", "PUB-10 REP-1"],
    ["sprint in openSprints()", "alice", "PUB-1 PUB-2 SEC-1"],
    ["sprint in closedSprints()", "alice", "PUB-2"],
    ["sprint in futureSprints()", "alice", "PUB-10"],
    ["sprint not in openSprints()", "alice", "PUB-10"],
    ["fixVersion in releasedVersions()", "alice", "PUB-2 PUB-3"],
    ["fixVersion in releasedVersions(PUB)", "alice", "PUB-2 PUB-3"],
    ["fixVersion in unreleasedVersions()", "alice", "PUB-1 SEC-1 SEC-2"],
    ['fixVersion in unreleasedVersions("Secret Sauce")', "alice", "SEC-1 SEC-2"],
    ["fixVersion not in releasedVersions()", "alice", "PUB-1 SEC-1 SEC-2"],
    ["fixVersion = latestReleasedVersion(PUB)", "alice", "PUB-2 PUB-3"],
    ["fixVersion = earliestUnreleasedVersion(PUB)", "alice", "PUB-1"],
    ["fixVersion = earliestUnreleasedVersion(2)", "alice", "SEC-1 SEC-2"],
    ["fixVersion = latestReleasedVersion(SEC)", "alice", ""],
    ["fixVersion < earliestUnreleasedVersion(PUB)", "alice", "PUB-2 PUB-3"],
    ["issuetype in standardIssueTypes()", "alice", "PUB-1 PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["type in standardWorkTypes()", "alice", "PUB-1 PUB-2 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["issuetype in subtaskIssueTypes()", "alice", "PUB-3"],
    ["component in componentsLeadByUser()", "alice", "PUB-1 PUB-3"],
    ["component in componentsLeadByUser(bob)", "alice", "PUB-2 PUB-3 SEC-1"],
    ["component in componentsLeadByUser()", null, ""],
    ["project in projectsLeadByUser()", "alice", PUB],
    ['project in projectsLeadByUser("Bob Brown")', "alice", SEC],
    ["project in spacesLeadByUser()", "carol", ""],
    ['project in projectsWhereUserHasPermission("Browse Projects")', "carol", `${PUB} ${SEC}`],
    ["project in projectsWhereUserHasPermission(BROWSE_PROJECTS)", "dave", `${PUB} ${REP}`],
    ["project in projectsWhereUserHasPermission(browse)", null, PUB],
    ["project in projectsWhereUserHasPermission(browse)", "alice", `${PUB} ${SEC}`],
    ["project in projectsWhereUserHasRole(Users)", "carol", `${PUB} ${SEC}`],
    ["project in projectsWhereUserHasRole(Users)", "alice", ""],
    ["project in projectsWhereUserHasRole(Developers)", "alice", SEC],
    ["project in projectsWhereUserHasRole(10)", "bob", `${PUB} ${SEC}`],
    ["project in projectsWhereUserHasRole(Developers)", null, ""],
    ["issuekey in watchedIssues()", "alice", "PUB-1"],
    ["issuekey in watchedIssues()", "bob", "PUB-2"],
    ["issue in votedIssues()", "carol", "PUB-1"],
    ["issuekey in watchedWorkItems()", null, ""],
    ["parent in watchedIssues()", "carol", "PUB-3"],
    ["created < now()", "alice", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2 REP-1 REP-2"],
    ["created > startOfDay(-1)", "alice", "SEC-1 REP-1"],
    ['created > startOfDay("-1d")', "alice", "SEC-1 REP-1"],
    ['created >= startOfDay("+11h")', "alice", "REP-1"],
    ['created > startOfDay("+11h")', "alice", ""],
    ["created > endOfMonth(-2)", "alice", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 REP-1"],
    ["created > endOfYear(-1) and created < startOfMonth(-2)", "alice", "SEC-2"],
  ] as const)("%s (as %s)", (jql, user, expected) => {
    expect(matchingKeys(jql, user)).toEqual(split(expected));
  });
});
