/**
 * Differential test on seeded data: for random queries from the catalog-driven generator,
 * random searchers (every user, anonymous) and moments, the SQL answer (direct path, with
 * permissions, comment visibility, ORDER BY and paging) equals `evaluateQuery` on the
 * same data read back with `loadDataset`: same ids, same order, same total; rejected
 * queries fail with the same error code. The planned path must be sound and exact: the
 * direct answer lies within Stage 1, and Stage 2 over the Stage 1 ids equals it.
 * SUBQ_DIFF_RUNS=n runs more (or fewer) cases; a failure prints JQL, searcher, SQL, ids.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { print } from "../../packages/jql/src/index.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { DEFAULT_SEED_NOW, seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { writeTenantSettings } from "../../packages/sidecar/src/db/settings.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { caseArbitrary, runs, tally } from "./support/cases.js";
import { checkCase } from "./support/differential.js";
import { type Harness, openHarness } from "./support/harness.js";

describe("SQL = evaluator on a seeded tenant", () => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await createTestDatabase("compiler_diff");
    await migrate(db.sql);
    await seedTenant(db.sql, { issues: 2500, seed: "compiler-differential" });
    // A zone with DST, so day boundaries and date literals are not UTC's.
    await writeTenantSettings(db.sql, { timeZone: "America/New_York", weekStart: 0 });
    h = await openHarness(db);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("for random queries, users and moments (direct, Stage 1 ⊇ direct, Stage 2 = direct)", {
    timeout: 60_000 + runs(400) * 200,
  }, async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(h, DEFAULT_SEED_NOW.getTime()), async (c) => {
        const t0 = performance.now();
        const outcome = await checkCase(h, c);
        const ms = performance.now() - t0;
        if (ms > 1000) console.info(`slow case ${Math.round(ms)} ms: ${print(c.query)}`);
        seen.add(outcome);
        if (outcome.mismatch) throw new Error(outcome.mismatch);
      }),
      { seed: 20_250_601, numRuns: runs(400), endOnFailure: true },
    );
    console.info(`differential (seeded): ${JSON.stringify(seen)}`);
    expect(seen.nonEmpty).toBeGreaterThan(seen.cases * 0.25);
    expect(seen.planned).toBeGreaterThan(seen.cases * 0.3);
  });
});
