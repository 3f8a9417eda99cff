/**
 * Properties of the evaluator on random queries, searchers and moments over the fixture:
 * NOT push-down keeps the meaning (NOT NOT q ≡ q, the pushed-down tree ≡ q), a negation
 * never matches what the query matches (and is its exact complement on never-empty fields
 * and for WAS / CHANGED), AND / OR are Boolean, `!=` implies non-empty.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pushNotDown } from "../negation.js";
import { parse } from "../parser.js";
import { print } from "../printer.js";
import { FIXTURE_NOW, fixtureDataset } from "../testing/fixture-dataset.js";
import { evaluate } from "./query.js";
import { fixtureEnv } from "./test-support.js";

const ATOMS = [
  "project = PUB",
  "status in (Open, Done)",
  "assignee = currentUser()",
  "assignee in (EMPTY, bob)",
  "priority > Medium",
  "labels = frontend",
  "due <= startOfDay()",
  "created > -7d",
  "summary ~ firefox",
  "comment ~ csrf",
  "resolution = Unresolved",
  '"Story Points" >= 5',
  "status WAS Open BY carol",
  "assignee WAS EMPTY BEFORE 2024-06-03",
  "status CHANGED AFTER -3d",
  "fixVersion CHANGED TO 3",
  "issuekey < PUB-3",
  "watcher in membersOf(developers)",
];
/**
 * Where NOT q and q can both hold: orderings on multi-valued fields ("some value is less",
 * "some value is not less") and custom field names shared by several fields (the clause
 * is an OR over the fields, for every operator).
 */
const OVERLAPPING = ['fixVersion < "2.0"', "Team = bob"];
/** Fields that always have a value: NOT is the exact complement there. */
const TOTAL = [
  "project = SEC",
  "status = Open",
  "issuetype in standardIssueTypes()",
  "issuekey in (PUB-1, REP-2)",
];
const HISTORY = [
  "status WAS Open",
  "assignee WAS bob AFTER 2024-06-05",
  "status CHANGED BY alice",
  "priority WAS IN (High, Low)",
];

const clause = fc.letrec<{ clause: string }>((tie) => ({
  clause: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...ATOMS, ...TOTAL, ...HISTORY),
    tie("clause").map((c) => `NOT (${c})`),
    fc.tuple(tie("clause"), tie("clause")).map(([a, b]) => `(${a}) AND (${b})`),
    fc.tuple(tie("clause"), tie("clause")).map(([a, b]) => `(${a}) OR (${b})`),
  ),
})).clause;
const anyClause = fc.oneof(
  clause,
  fc.constantFrom(...OVERLAPPING),
  fc.tuple(clause, fc.constantFrom(...OVERLAPPING)).map(([a, b]) => `NOT ((${a}) OR ${b})`),
);
const user = fc.constantFrom("alice", "bob", "carol", "dave", null);
const now = fc.integer({ min: FIXTURE_NOW - 20 * 86_400_000, max: FIXTURE_NOW + 5 * 86_400_000 });

function verdicts(jql: string, searcher: string | null, at: number): boolean[] {
  const where = parse(jql).where;
  const env = fixtureEnv(searcher, { now: at });
  return fixtureDataset.issues.map((issue) => evaluate(where, issue, env));
}

describe("evaluator properties", () => {
  it("NOT NOT q ≡ q, and the pushed-down, printed and reparsed q ≡ q", () => {
    fc.assert(
      fc.property(anyClause, user, now, (q, u, t) => {
        const expected = verdicts(q, u, t);
        expect(verdicts(`NOT NOT (${q})`, u, t)).toEqual(expected);
        expect(verdicts(print({ ...parse(q), where: pushNotDown(parse(q).where!) }), u, t)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("NOT q never matches an issue q matches", () => {
    fc.assert(
      fc.property(clause, user, now, (q, u, t) => {
        const positive = verdicts(q, u, t);
        verdicts(`NOT (${q})`, u, t).forEach((negative, i) => {
          expect(negative && positive[i]).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("NOT is the exact complement on never-empty fields and for WAS / CHANGED", () => {
    const exact = fc.letrec<{ c: string }>((tie) => ({
      c: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(...TOTAL, ...HISTORY),
        tie("c").map((c) => `NOT (${c})`),
        fc.tuple(tie("c"), tie("c")).map(([a, b]) => `(${a}) AND (${b})`),
        fc.tuple(tie("c"), tie("c")).map(([a, b]) => `(${a}) OR (${b})`),
      ),
    })).c;
    fc.assert(
      fc.property(exact, user, now, (q, u, t) => {
        expect(verdicts(`NOT (${q})`, u, t)).toEqual(verdicts(q, u, t).map((v) => !v));
      }),
      { numRuns: 200 },
    );
  });

  it("AND and OR are Boolean", () => {
    fc.assert(
      fc.property(anyClause, anyClause, user, now, (a, b, u, t) => {
        const [va, vb] = [verdicts(a, u, t), verdicts(b, u, t)];
        expect(verdicts(`(${a}) AND (${b})`, u, t)).toEqual(va.map((x, i) => x && vb[i]!));
        expect(verdicts(`(${a}) OR (${b})`, u, t)).toEqual(va.map((x, i) => x || vb[i]!));
      }),
      { numRuns: 150 },
    );
  });

  it("`f != v` and `f NOT IN` imply `f IS NOT EMPTY` and exclude `f = v`", () => {
    const fields = fc.constantFrom(
      "assignee",
      "labels",
      "fixVersion",
      "priority",
      "component",
      "Platforms",
      "due",
      "Reviewer",
    );
    const value = fc.constantFrom(
      "alice",
      "frontend",
      "2.0",
      "High",
      "UI",
      "Mac",
      "2024-06-15",
      "nobody",
      "3",
    );
    fc.assert(
      fc.property(fields, value, user, (f, v, u) => {
        const equal = verdicts(`${f} = "${v}"`, u, FIXTURE_NOW);
        const notEmpty = verdicts(`${f} IS NOT EMPTY`, u, FIXTURE_NOW);
        for (const jql of [`${f} != "${v}"`, `${f} NOT IN ("${v}", EMPTY)`]) {
          verdicts(jql, u, FIXTURE_NOW).forEach((match, i) => {
            if (match) expect([notEmpty[i], equal[i]]).toEqual([true, false]);
            else expect(equal[i] || !notEmpty[i]).toBe(true);
          });
        }
      }),
    );
  });
});
