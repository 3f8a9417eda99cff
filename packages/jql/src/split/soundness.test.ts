/**
 * The split and the normalization against the evaluator (the semantics oracle), on
 * random queries over the fixture catalog, random datasets, searchers and moments:
 *
 * - normalization preserves meaning: query ⇔ normalized (with and without a resolver);
 * - Stage 1 is a sound relaxation: query ⇒ stage1;
 * - nothing is lost or added: stage1 ∧ stage2 ⇔ query.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clause } from "../ast.js";
import { catalogResolver } from "../catalog-memory.js";
import { JqlError } from "../diagnostics.js";
import { createEvalEnv, type EvalEnv, evaluate } from "../evaluate/index.js";
import type { IssueSnapshot } from "../model.js";
import { type Plan, plan } from "../plan.js";
import { print } from "../printer.js";
import { FIXTURE_NOW, fixtureContext, fixtureDataset } from "../testing/fixture-dataset.js";
import { catalogDatasetArbitrary } from "../testing/issue-arbitrary.js";
import { catalogQueryArbitrary } from "../testing/query-arbitrary.js";

const catalog = fixtureDataset.catalog;
const resolver = catalogResolver(catalog);
const RUNS = { numRuns: 300 };
const TIMEOUT = 60_000;

const scenario = fc.record({
  query: catalogQueryArbitrary(catalog, {
    labels: ["frontend", "backend", "ui", "a"],
    issueKeys: ["PUB-1", "sec-2", "PUB-3"],
  }),
  dataset: catalogDatasetArbitrary(catalog),
  user: fc.constantFrom(null, ...catalog.users.map((u) => u.id)),
  shift: fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
});

/** Evaluates on every issue; undefined when the evaluator rejects the clause (a JqlError). */
function truth(clause: Clause | null, issues: readonly IssueSnapshot[], env: EvalEnv): boolean[] | undefined {
  try {
    return issues.map((issue) => evaluate(clause, issue, env));
  } catch (e) {
    if (e instanceof JqlError) return undefined;
    throw e;
  }
}

function checkPlan(
  p: Plan,
  expected: readonly boolean[],
  issues: readonly IssueSnapshot[],
  env: EvalEnv,
): void {
  const label = `${p.jql}\n  normalized: ${p.normalizedText}\n  stage 1: ${p.stage1Text}\n  stage 2: ${p.stage2Text}`;
  expect(truth(p.normalized.where, issues, env), label).toEqual(expected);
  const stage1 = truth(p.stage1, issues, env);
  const stage2 = truth(p.stage2?.where ?? null, issues, env);
  expect(stage1, label).toBeDefined();
  expect(stage2, label).toBeDefined();
  issues.forEach((_, i) => {
    if (expected[i]) expect(stage1![i], `${label}\n  issue ${i}: query ⇒ stage 1`).toBe(true);
    expect(stage1![i] && stage2![i], `${label}\n  issue ${i}: stage 1 ∧ stage 2 ⇔ query`).toBe(expected[i]);
  });
}

/**
 * Runs the checks on random scenarios; `planOf` returns undefined to pass over a query it
 * rightly rejects. Returns how many scenarios were checked.
 */
function checkScenarios(planOf: (jql: string) => Plan | undefined): number {
  let checked = 0;
  fc.assert(
    fc.property(scenario, ({ query, dataset, user, shift }) => {
      const env = createEvalEnv(dataset, fixtureContext(user, FIXTURE_NOW + shift));
      const expected = truth(query.where, dataset.issues, env);
      fc.pre(expected !== undefined);
      const p = planOf(print(query));
      if (!p) return;
      checkPlan(p, expected!, dataset.issues, env);
      checked++;
    }),
    RUNS,
  );
  return checked;
}

describe("split and normalization against the evaluator", () => {
  it(
    "hold without a resolver",
    () => expect(checkScenarios((jql) => plan(jql))).toBeGreaterThan(RUNS.numRuns / 2),
    TIMEOUT,
  );

  it(
    "hold with a resolver (names become ids)",
    () => {
      const checked = checkScenarios((jql) => {
        try {
          return plan(jql, { resolver });
        } catch (e) {
          // The resolver rejects names that do not exist; the evaluator lets them match nothing.
          if (e instanceof JqlError && e.code === "E_UNKNOWN_VALUE") return undefined;
          throw e;
        }
      });
      expect(checked).toBeGreaterThan(RUNS.numRuns / 4);
    },
    TIMEOUT,
  );
});
