/**
 * Stage 1, Stage 2 and direct execution times of queue-like queries on seeded tenants of
 * 100k and 1M issues (databases subq_bench_100k / subq_bench_1m, seeded once and reused),
 * and what Stage 2 costs relative to the direct query: `stage2OverDirectRatio` is the
 * median Stage 2 time over a Stage 1 of close to 40 000 cached ids divided by the direct
 * query's median, for an index-friendly queue (the case least favourable to Stage 2);
 * `stage2OverDirectByQuery` adds a queue whose static part is costly. Results:
 * bench/results/db-stages.json, with machine and versions.
 *
 *   pnpm bench:db [--sizes 100000,1000000] [--runs 9]
 */
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { postgresClient, runStage1 } from "../../packages/sidecar/src/db/index.js";
import { benchEnvironment } from "../support/environment.js";
import { countStrategies, explainStages } from "./stages-count.js";
import { measureQuery } from "./stages-measure.js";
import { capQueries, queueQueries } from "./stages-queries.js";
import { openBenchTenant } from "./stages-tenant.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    runs: { type: "string", default: "9" },
    out: { type: "string", default: new URL("../results/db-stages.json", import.meta.url).pathname },
  },
});
const runs = Number(values.runs);
const NAMES: Readonly<Record<number, string>> = { 100000: "subq_bench_100k", 1000000: "subq_bench_1m" };

const sizes: Record<string, unknown>[] = [];
for (const issues of values.sizes.split(",").map(Number)) {
  const t = await openBenchTenant(NAMES[issues] ?? `subq_bench_${issues}`, issues);
  process.stderr.write(
    `${t.name}: ${issues} issues${t.seedSeconds ? `, seeded in ${t.seedSeconds.toFixed(0)} s` : " (reused)"}\n`,
  );
  const queries = [];
  for (const q of queueQueries(t)) {
    const times = await measureQuery(t, q, t.users.developer, runs);
    process.stderr.write(`  ${JSON.stringify(times)}\n`);
    queries.push(times);
  }
  const caps = [];
  for (const cap of await capQueries(t)) {
    const bySearcher = [];
    for (const [kind, user] of Object.entries(t.users)) {
      const times = await measureQuery(t, cap.query, user, runs);
      process.stderr.write(`  ${kind}: ${JSON.stringify({ ...times, jql: times.jql.slice(0, 80) })}\n`);
      bySearcher.push({ searcher: kind, ...times });
    }
    const { ids } = await runStage1(postgresClient(t.sql), { plan: cap.query.plan, catalog: t.compiler });
    caps.push({
      name: cap.query.name,
      jql: cap.query.jql,
      stage1Ids: cap.stage1Size,
      stage2OverDirect: bySearcher.find((c) => c.searcher === "developer")!.stage2OverDirect,
      bySearcher,
      totalCount: await countStrategies(t, cap.query, ids, t.users.developer, runs),
      explain: await explainStages(t, cap.query, ids, t.users.developer),
    });
  }
  sizes.push({
    issues,
    database: t.name,
    seedSeconds: Math.round(t.seedSeconds),
    // The index-friendly queue: the case least favourable to Stage 2 (see docs/sql-compiler.md).
    stage2OverDirectRatio: caps[0]!.stage2OverDirect,
    stage2OverDirectByQuery: Object.fromEntries(caps.map((c) => [c.name, c.stage2OverDirect])),
    users: t.users,
    nearTheCap: caps,
    queries,
  });
  await t.sql.end();
}

const largest = sizes.at(-1)!;
const result = {
  benchmark: "subq db: Stage 1, Stage 2 and direct execution of compiled JQL",
  issues: largest.issues,
  stage2OverDirectRatio: largest.stage2OverDirectRatio,
  environment: benchEnvironment({ postgres: "postgres.js 3.4.9" }),
  loadAverageAtStart: loadavg(),
  conditions:
    `local Postgres (default config), executor transactions (read-only, REPEATABLE READ, JIT off), page of 50, ` +
    `median of ${runs} interleaved runs after 2 warm-ups; Stage 2 and direct are checked to return the same page and total; ` +
    "other processes may share the 2 cores",
  sizes,
};
await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`wrote ${values.out}\n`);
process.exit(0);
