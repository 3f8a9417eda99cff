/**
 * Random differential cases over a harness's catalog: queries from the catalog-driven
 * generator of @subq/jql (with the tenant's real labels and issue keys, so clauses match
 * something), searchers (every user and anonymous) at moments around the data's "now",
 * and pages (everything, or a window). Plus a tally, so a run that only met errors or
 * empty answers fails instead of passing vacuously.
 */
import fc from "fast-check";
import { catalogQueryArbitrary } from "../../../packages/jql/src/testing/query-arbitrary.js";
import type { DiffCase, DiffOutcome } from "./differential.js";
import { ALL, type Harness } from "./harness.js";

const DAY = 86_400_000;

export function caseArbitrary(h: Harness, now: number, history = true): fc.Arbitrary<DiffCase> {
  const counts = new Map<string, number>();
  for (const issue of h.dataset.issues)
    for (const label of issue.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const labels = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([label]) => label);
  const keys = h.dataset.issues.filter(
    (_, k) => k % Math.max(1, Math.floor(h.dataset.issues.length / 5)) === 0,
  );
  const users = [null, ...h.catalog.users.map((u) => u.id)];
  return fc.record({
    query: catalogQueryArbitrary(h.catalog, {
      labels: [...labels.slice(0, 3), ...labels.slice(-1), "no-such-label"],
      issueKeys: [
        ...keys.slice(0, 4).map((i) => i.key),
        keys.at(-1)!.key.toLowerCase(),
        `${keys[0]!.key}0000`,
      ],
      history,
    }),
    searcher: fc.record({
      user: fc.constantFrom(...users),
      now: fc.integer({ min: now - 40 * DAY, max: now + 3 * DAY }),
    }),
    page: fc.oneof(
      { weight: 2, arbitrary: fc.constant(ALL) },
      fc.record({ startAt: fc.nat(40), maxResults: fc.integer({ min: 1, max: 30 }) }),
    ),
  });
}

export interface Tally {
  cases: number;
  errors: number;
  planned: number;
  nonEmpty: number;
}

export function tally(): Tally & { add(outcome: DiffOutcome): void } {
  const t = {
    cases: 0,
    errors: 0,
    planned: 0,
    nonEmpty: 0,
    add(outcome: DiffOutcome) {
      t.cases++;
      if (outcome.error) t.errors++;
      if (outcome.planned) t.planned++;
      if (outcome.matches > 0) t.nonEmpty++;
    },
  };
  return t;
}

/** How many generated cases a run checks: SUBQ_DIFF_RUNS, or the default. */
export function runs(fallback: number): number {
  const n = Number(process.env.SUBQ_DIFF_RUNS ?? fallback);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
