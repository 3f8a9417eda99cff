/**
 * Every field, operator family, function and sort key of docs/jql-semantics.md on the
 * fixture, for every searcher: the SQL answer equals the evaluator's (raw and planned,
 * Stage 1 and Stage 2 as in the differential tests). The random generator does not write
 * some of these (projectType, level, statusCategory orderings, lead functions with an
 * argument, issuekey orderings against issue sets, every custom field type in ORDER BY);
 * here each is written once. Error parity: what the evaluator rejects, the compiler
 * rejects with the same code.
 */
import { describe, expect, it } from "vitest";
import { JqlError, parse } from "../../packages/jql/src/index.js";
import {
  compileDirect,
  compileStage1,
  isCompileError,
} from "../../packages/sidecar/src/db/compiler/index.js";
import { FIELDS, ORDERS, REJECTED, USERS } from "./support/coverage-cases.js";
import { checkCase } from "./support/differential.js";
import { FIXTURE_NOW } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import { ALL, evaluatorIds, type Harness, requestOf } from "./support/harness.js";

describe("fields, functions and sort keys on the fixture", () => {
  let h: Harness;
  useFixtureTenant("compiler_coverage", (opened) => {
    h = opened;
  });

  async function agree(jql: string, users = USERS): Promise<number> {
    let matches = 0;
    for (const user of users) {
      const outcome = await checkCase(h, {
        query: parse(jql),
        searcher: { user, now: FIXTURE_NOW },
        page: ALL,
      });
      expect(outcome.mismatch, jql).toBeNull();
      expect(outcome.error, jql).toBeUndefined();
      matches += outcome.matches;
    }
    return matches;
  }

  it("every field and function: SQL = evaluator for every searcher", async () => {
    let nonEmpty = 0;
    for (const jql of FIELDS) if ((await agree(jql)) > 0) nonEmpty++;
    // Nearly every clause matches something for someone: the comparisons are not vacuous.
    expect(nonEmpty).toBeGreaterThan(FIELDS.length * 0.85);
  });

  it("every sortable field, both directions and the default, with ties broken by id", async () => {
    for (const key of ORDERS) {
      for (const direction of ["", " ASC", " DESC"])
        await agree(`ORDER BY ${key}${direction}`, ["alice", null]);
    }
    await agree("ORDER BY priority DESC, Team, due ASC, summary DESC", ["bob"]);
  });

  it("pages past the end still report the total", async () => {
    const searcher = { user: "alice", now: FIXTURE_NOW };
    const outcome = await checkCase(h, {
      query: parse("project = PUB"),
      searcher,
      page: { startAt: 50, maxResults: 5 },
    });
    expect(outcome.mismatch).toBeNull();
    expect(outcome.matches).toBe(evaluatorIds(h, parse("project = PUB"), searcher).length);
  });

  it("rejects what the evaluator rejects, with the same code", () => {
    const request = requestOf(h, { user: "alice", now: FIXTURE_NOW });
    for (const [jql, code] of REJECTED) {
      const query = parse(jql);
      const evaluated = codeOf(() => evaluatorIds(h, query, { user: "alice", now: FIXTURE_NOW }));
      const compiled = codeOf(() => compileDirect(query, h.compiler, request, ALL));
      expect([jql, evaluated, compiled]).toEqual([jql, code, code]);
    }
  });

  it("refuses to compile a dynamic clause into Stage 1", () => {
    for (const jql of [
      "assignee = currentUser()",
      "created > -1d",
      "comment ~ x",
      "project in projectsWhereUserHasRole(Users)",
    ]) {
      let error: unknown;
      try {
        compileStage1(parse(jql).where, h.compiler);
      } catch (e) {
        error = e;
      }
      expect(isCompileError(error) && error.code, jql).toBe("E_COMPILE_CONTEXT");
    }
  });
});

function codeOf(run: () => unknown): string {
  try {
    run();
    return "no error";
  } catch (error) {
    if (error instanceof JqlError) return error.code;
    throw error;
  }
}
