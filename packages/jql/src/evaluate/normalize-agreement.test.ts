/**
 * The evaluator as the oracle of the rest of the pipeline, on the fixture: normalizing a
 * query with the catalog resolver keeps its meaning, Stage 1 is a sound relaxation, and
 * Stage 1 ∧ Stage 2 ⇔ the query (docs/jql-semantics.md §10), for several searchers.
 */
import { describe, expect, it } from "vitest";
import { catalogResolver } from "../catalog-memory.js";
import { normalize } from "../normalize/normalize.js";
import { parse } from "../parser.js";
import { print } from "../printer.js";
import { split } from "../split/split.js";
import { fixtureDataset } from "../testing/fixture-dataset.js";
import { evaluate } from "./query.js";
import { fixtureEnv } from "./test-support.js";

const QUERIES = [
  'project in (pub, REP) AND status = "in progress"',
  "project != PUB OR type in standardIssueTypes()",
  'statusCategory = "To Do" AND priority > Medium',
  "priority <= Medium OR priority IS EMPTY",
  "resolution = Unresolved AND component = UI",
  'resolution in (Fixed, Unresolved) AND fixVersion < "2.0"',
  'fixVersion in releasedVersions() OR affectedVersion = "2.0"',
  "fixVersion = earliestUnreleasedVersion(PUB) OR sprint in openSprints()",
  "sprint = 'Sprint 1' OR category is empty",
  "projectType in (service_desk, business) AND level is empty",
  "labels = frontend AND NOT labels = backend",
  "labels != backend OR labels IS EMPTY",
  "issuekey > PUB-3 OR key in (PUB-1, SEC-2)",
  "parent = PUB-1 OR parent is empty",
  'assignee = "Bob Brown" OR assignee in (EMPTY, alice)',
  "assignee = currentUser() OR reporter != currentUser()",
  "assignee in membersOf(developers) AND watcher is empty",
  "votes > 1 OR watchers = 2",
  "originalEstimate > 2h OR timeSpent >= '2h' OR workRatio > 100",
  "attachments is not empty OR remainingEstimate is empty",
  "created >= 2024-06-05 AND created < startOfDay()",
  'created > "-4w 2d" AND due <= "2024-06-15 10:00"',
  "due >= startOfDay() OR resolved >= 2024-06-13",
  "summary ~ firefox AND description !~ quick",
  'text ~ "login nothing" OR comment ~ csrf',
  "comment !~ csrf OR comment is empty",
  'Severity = Critical OR Platforms in (Windows, Linux) OR "Story Points" > 4',
  '"Release Date" <= startOfDay() OR "Deployed At" >= startOfDay()',
  "Reviewer = currentUser() OR Notes ~ qa OR Tags != beta",
  '"Team[User]" = bob OR "Team[Select List (single choice)]" = Blue',
  "NOT (project = PUB AND assignee = alice)",
  "NOT (labels = frontend OR priority > High) AND status != Done",
  "status WAS Open BY carol OR status CHANGED AFTER -3d",
  "assignee WAS EMPTY BEFORE 2024-06-03 AND NOT status CHANGED BY bob",
  'fixVersion WAS "2.0" AND project = PUB',
  "project in projectsWhereUserHasRole(Users) OR issuekey in watchedIssues()",
  "component in componentsLeadByUser() AND project in projectsLeadByUser(bob)",
];

describe("normalize and split agree with the evaluator", () => {
  const resolver = catalogResolver(fixtureDataset.catalog);
  it.each(QUERIES)("%s", (jql) => {
    const query = parse(jql);
    const normalized = normalize(query, { resolver });
    const { stage1, stage2 } = split(normalized, { resolver });
    for (const user of ["alice", "carol", "dave", null]) {
      const env = fixtureEnv(user);
      for (const issue of fixtureDataset.issues) {
        const expected = evaluate(query.where, issue, env);
        const where = `${issue.key} as ${user}: ${print(normalized)}`;
        expect(evaluate(normalized.where, issue, env), where).toBe(expected);
        const relaxed = evaluate(stage1, issue, env);
        expect(!expected || relaxed, `Stage 1 sound, ${where}`).toBe(true);
        expect(relaxed && evaluate(stage2?.where ?? null, issue, env), `Stage 1 ∧ Stage 2, ${where}`).toBe(
          expected,
        );
      }
    }
  });
});
