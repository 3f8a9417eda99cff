/**
 * The load benchmark (bench/RESULTS.md): a service desk on a 100k-issue tenant — agents
 * polling their queues, viewers polling boards, the real Appcelerator write arrivals
 * replayed as changes — run side by side against Direct, a bentocache TTL cache and subq
 * (search every poll, version polling, push), each on its own copy of one template
 * database. Writes bench/results/load-<configuration>.json, load-summary.json,
 * load-chart.svg and the load section of bench/RESULTS.md.
 *
 *   pnpm bench:load [--quick] [--configs direct,subq-version] [--agents-per-project 33] …
 */
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { loadavg } from "node:os";
import { Redis } from "ioredis";
import { connect } from "../../packages/sidecar/src/db/index.js";
import { benchEnvironment } from "../support/environment.js";
import { parseParams } from "./params.js";
import { pollers as buildPollers } from "./queues.js";
import { planStream } from "./real-stream.js";
import { writeReports } from "./report.js";
import { type RunResult, runConfig } from "./run-config.js";
import { databaseUrl, ensureTemplate } from "./template.js";
import { readTenantFacts } from "./tenant-facts.js";

// Hundreds of SDK poll loops each listen on their own abort signals; not a leak.
setMaxListeners(0);

const REDIS_URL = "redis://127.0.0.1:6379";
const started = performance.now();
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
const params = parseParams(process.argv.slice(2));
const command = `pnpm bench:load${process.argv.length > 2 ? ` ${process.argv.slice(2).join(" ")}` : ""}`;
const environment = benchEnvironment({ bentocache: "1.6.1" });
log(
  `${command}\n  ${environment.cpu} × ${environment.cores}, ${environment.memoryGiB} GiB, node ${environment.node}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

const template = `subq_load_template_${params.issues}`;
const seeded = await ensureTemplate({ name: template, issues: params.issues, seed: "bench" }, log);
log(
  `template ${template}: ${seeded.reused ? "reused" : `seeded in ${seeded.seconds.toFixed(0)} s`} (${seeded.fingerprint})`,
);

const factsSql = connect(databaseUrl(template), { maxConnections: 1, applicationName: "subq-load" });
const facts = await readTenantFacts(factsSql, params.deskProjects, params.agentsPerProject);
await factsSql.end();
const pollers = buildPollers(facts, {
  agentIntervalMs: params.agentIntervalMs,
  boardIntervalMs: params.boardIntervalMs,
  boardViewers: params.boardViewers,
});
const stream = await planStream(facts, {
  ratePerSecond: params.changesPerSecond,
  durationMs: params.windowMs - params.streamTailMs,
  from: params.streamFrom,
  seed: params.seed,
});
log(
  `${pollers.length} pollers (${facts.projects.map((p) => `${p.key} ${p.agents.length}`).join(", ")} agents; ` +
    `${pollers.filter((p) => p.project === null).length} board viewers), ` +
    `${pollers.reduce((n, p) => n + p.queries.length, 0)} polled queries; ${stream.length} changes`,
);

const redis = new Redis(REDIS_URL);
const runId = randomBytes(3).toString("hex");
const results: RunResult[] = [];
try {
  for (const name of params.configs) {
    log(`configuration ${name}`);
    const firstSubq =
      name.startsWith("subq") && !results.some((r) => r.name.startsWith("subq") && r.overhead);
    const result = await runConfig(
      { params, facts, pollers, stream, template, runId, redis, redisUrl: REDIS_URL, log },
      name,
      name === "subq-version" || (firstSubq && !params.configs.includes("subq-version")),
    );
    results.push(result);
    log(
      `  ${name}: DB ${result.db.busySeconds} s (${result.db.loadPerUserMs} ms/user), ${result.db.queriesPerSecond} q/s, ` +
        `search p50/p99 ${result.latencyMs.search.p50}/${result.latencyMs.search.p99} ms, ` +
        `freshness seen p50/p99 ${result.freshness.seenMs.p50}/${result.freshness.seenMs.p99} ms, ` +
        `mismatches ${result.correctness.mismatchesBeyondBound}, leaks ${result.correctness.leaks}`,
    );
  }
} finally {
  await redis.quit();
}
await writeReports({
  command,
  environment,
  params,
  template: { name: template, ...seeded },
  facts,
  pollers,
  stream,
  results,
  log,
});
log("done");
process.exit(0);
