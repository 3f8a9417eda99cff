/**
 * Differential test on the evaluator's fixture plus edge-case history (support/fixture.ts),
 * in Europe/Berlin: hand-picked permission schemes, restricted comments, every custom
 * field type, a custom field name shared by two fields, zero-length history intervals,
 * no-op fixVersion changes. Same checks as differential.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArbitrary, runs, tally } from "./support/cases.js";
import { checkCase } from "./support/differential.js";
import { edgeFixture, FIXTURE_NOW } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import type { Harness } from "./support/harness.js";

describe("SQL = evaluator on the fixture with edge-case history", () => {
  let h: Harness;
  useFixtureTenant("compiler_fixture", (opened) => {
    h = opened;
  });

  it("loads the edge history back", () => {
    expect(h.dataset.history).toHaveLength(edgeFixture.history.length);
  });

  it("for random queries, users and moments", { timeout: 60_000 + runs(400) * 100 }, async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(h, FIXTURE_NOW), async (c) => {
        const outcome = await checkCase(h, c);
        seen.add(outcome);
        if (outcome.mismatch) throw new Error(outcome.mismatch);
      }),
      { seed: 20_240_615, numRuns: runs(400), endOnFailure: true },
    );
    console.info(`differential (fixture): ${JSON.stringify(seen)}`);
    expect(seen.nonEmpty).toBeGreaterThan(seen.cases * 0.25);
    expect(seen.planned).toBeGreaterThan(seen.cases * 0.3);
  });
});
