/**
 * The fault benchmark: a fleet of real processes — 2 api and 2 worker sidecars (`subq
 * start`), their own Redis and Postgres cluster, a relay in front of Postgres that can be
 * partitioned and a balancer in front of the api sidecars — under ~20 polling users, SSE
 * watchers and a trickle of real changes published as events, taken through each fault
 * of scenarios.ts with a steady phase before and a recovery phase after. Writes
 * bench/results/faults.json, faults-summary.json and the faults section of
 * bench/RESULTS.md. Everything it starts is stopped again, the cluster dropped, also on
 * failure and Ctrl-C.
 *
 *   pnpm bench:faults [--quick] [--only redis-kill,pg-stop] [--issues 20000] [--keep]
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { connect, type Sql } from "../../packages/sidecar/src/db/index.js";
import { type BenchChild, startChild } from "../load/child.js";
import { DirectSearch } from "../load/direct-search.js";
import { deskQueues } from "../load/queues.js";
import { readTenantFacts } from "../load/tenant-facts.js";
import { StreamWriter } from "../load/writer.js";
import { benchEnvironment } from "../support/environment.js";
import { ChangeStream } from "./changes.js";
import { DbRateSampler } from "./db-rate.js";
import { fleet as buildFleet, type Fleet } from "./fleet.js";
import { abnormalAfterReturn, callStats, dbRates, eventStats, recoveryMs } from "./measure.js";
import { parseParams } from "./params.js";
import { type FaultResult, writeResults } from "./report.js";
import { FAULTS, type FaultContext } from "./scenarios.js";
import { PrivateCluster, PrivateRedis } from "./services.js";
import { pause, sdk, type User, Users } from "./users.js";
import { verifyAnswers } from "./verify.js";

setMaxListeners(0);

const TENANT = "faults";
const DATABASE = `subq_${TENANT}`;
const HARNESS_ROLE = "subq_harness";
const PORTS = {
  redis: 6401,
  pg: 5441,
  pgRelay: 7650,
  balancer: 7660,
  apis: [7600, 7601],
  workers: [7602, 7603],
};
/** The sidecars' default staleness bound (store.stalenessBoundMs); the run does not change it. */
const STALENESS_BOUND_MS = 600_000;

const started = performance.now();
const log = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const params = parseParams(process.argv.slice(2));
const command = `pnpm bench:faults${process.argv.length > 2 ? ` ${process.argv.slice(2).join(" ")}` : ""}`;
const environment = benchEnvironment();
const logDir = mkdtempSync(join(tmpdir(), "subq-faults-"));
const token = randomBytes(24).toString("hex");
log(
  `${command}\n  ${environment.cpu} × ${environment.cores}, node ${environment.node}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; process logs in ${logDir}`,
);

const cluster = new PrivateCluster("subqfaults", PORTS.pg);
const redis = new PrivateRedis(PORTS.redis);
let relay: BenchChild<{ pg: number; api: number }> | null = null;
let fleet: Fleet | null = null;
let users: Users | null = null;
let stream: ChangeStream | null = null;
let sampler: DbRateSampler | null = null;
const pools: Sql[] = [];

let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await users?.close().catch(() => {});
    await stream?.close().catch(() => {});
    await sampler?.close().catch(() => {});
    for (const pool of pools) await pool.end({ timeout: 2 }).catch(() => {});
    await Promise.all((fleet?.all() ?? []).map((p) => p.stop("SIGTERM", 10_000).catch(() => {})));
    await relay?.stop(2000).catch(() => {});
    await redis.kill().catch(() => {});
    if (!params.keep) cluster.drop();
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.once("exit", () => {
  for (const p of fleet?.all() ?? []) p.killNow();
  relay?.process.kill("SIGKILL");
  if (!params.keep) cluster.drop();
});

const run = promisify(execFile);
async function subqCli(args: readonly string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "--conditions=subq-source", "packages/sidecar/src/cli/main.ts", ...args],
    {
      cwd: new URL("../..", import.meta.url).pathname,
      env: { ...process.env, ...env },
      timeout: 600_000,
      maxBuffer: 1 << 24,
    },
  );
  return stdout.trim();
}

async function main(): Promise<void> {
  // Services of this run.
  const setupStarted = Date.now();
  log(`creating Postgres cluster ${cluster.name} on port ${PORTS.pg}`);
  await cluster.create();
  const admin = connect(cluster.url("postgres"), { maxConnections: 1 });
  await admin.unsafe(`CREATE ROLE ${HARNESS_ROLE} SUPERUSER LOGIN`);
  await admin.unsafe("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await admin.end();
  const tenantEnv = { SUBQ_TENANTS: JSON.stringify({ [TENANT]: { databaseUrl: cluster.url(DATABASE) } }) };
  log(await subqCli(["db", "migrate", "--tenant", TENANT], tenantEnv));
  const seedStarted = Date.now();
  log(await subqCli(["db", "seed", "--tenant", TENANT, "--issues", String(params.issues)], tenantEnv));
  const seedS = (Date.now() - seedStarted) / 1000;
  // bench/load's writer records its history rows as user u0001, which a small seed may lack.
  const tenantAdmin = connect(cluster.url(DATABASE), { maxConnections: 1 });
  await tenantAdmin`INSERT INTO users (id, display_name) VALUES ('u0001', 'Change writer') ON CONFLICT DO NOTHING`;
  await tenantAdmin.end();
  await redis.start();
  relay = startChild("../faults/relay-main.ts", {
    RELAY_PG: `${PORTS.pgRelay}:${PORTS.pg}`,
    RELAY_API: `${PORTS.balancer}:${PORTS.apis.join(",")}`,
  });
  await relay.ready;
  fleet = buildFleet({
    tenant: TENANT,
    token,
    redisUrl: redis.url,
    databaseUrl: `postgres://postgres@127.0.0.1:${PORTS.pgRelay}/${DATABASE}`,
    apiPorts: PORTS.apis,
    workerPorts: PORTS.workers,
    logDir,
  });
  const fleetStarted = Date.now();
  await Promise.all([...fleet.apis, ...fleet.workers].map((p) => p.start()));
  log(`fleet ready in ${((Date.now() - fleetStarted) / 1000).toFixed(1)} s`);

  // The workload.
  const harnessUrl = cluster.url(DATABASE, HARNESS_ROLE);
  const factsSql = connect(harnessUrl, { maxConnections: 2, applicationName: "subq-faults-check" });
  const writerSql = connect(harnessUrl, {
    maxConnections: 1,
    applicationName: "subq-faults-writer",
    connectTimeoutMs: 2000,
    statementTimeoutMs: 5000,
  });
  pools.push(factsSql, writerSql);
  const facts = await readTenantFacts(factsSql, params.deskProjects, params.agentsPerProject);
  const userList: User[] = facts.projects.flatMap((project) =>
    project.agents.map((name) => ({ name, queries: deskQueues(project) })),
  );
  const direct = new DirectSearch(factsSql, facts);
  const url = `http://127.0.0.1:${PORTS.balancer}`;
  const harnessClient = sdk(url, TENANT, token, 3);
  sampler = new DbRateSampler(cluster.url("postgres", HARNESS_ROLE), DATABASE, "postgres");
  sampler.start();
  users = new Users(sdk(url, TENANT, token, 1), userList, params.pollIntervalMs);
  stream = new ChangeStream(
    new StreamWriter(writerSql),
    harnessClient,
    facts.projects,
    params.publishGiveUpMs,
  );
  stream.ratePerSecond = params.eventsPerSecond;
  log(
    `${userList.length} users (${facts.projects.map((p) => `${p.key} ${p.agents.length}`).join(", ")}), ` +
      `${params.watchers} watchers, ${params.eventsPerSecond} change/s`,
  );
  users.start(params.watchers);
  stream.start();
  await pause(Math.max(5000, params.steadyMs / 2)); // caches warm up
  const setup = {
    seconds: Math.round((Date.now() - setupStarted) / 1000),
    seedSeconds: Math.round(seedS),
    tenant: TENANT,
    users: userList.length,
    ports: PORTS,
    stalenessBoundMs: STALENESS_BOUND_MS,
    sidecarOptions:
      "defaults (subq start) + SUBQ_REDIS_URL, SUBQ_TENANTS (through the relay), SUBQ_TOKENS, SUBQ_PORT",
    balancer:
      "L4 round-robin over api sidecars whose /readyz answered 200 (checked every 250 ms); a refused connect tries the next",
    logDir,
  };

  const ctx: FaultContext = { params, redis, cluster, relay, fleet, stream, client: harnessClient, log };
  const results: FaultResult[] = [];
  const counted = new Set<number>();
  for (const fault of FAULTS.filter((f) => params.only === null || params.only.includes(f.key))) {
    log(`fault ${fault.key}: ${fault.title}`);
    const firstChange = stream.changes.length;
    const watchBefore = { ...users.watch, reconnectCodes: { ...users.watch.reconnectCodes } };
    const steadyStart = Date.now();
    await pause(params.steadyMs);
    const faultStart = Date.now();
    const injected = await fault.inject(ctx);
    const faultEnd = injected.returnedAt;
    log(`  service back after ${((faultEnd - faultStart) / 1000).toFixed(1)} s`);
    await pause(params.recoveryMs);
    const recoveryEnd = Date.now();
    stream.hold();
    const drained = await stream.drained(params.publishGiveUpMs + 10_000);
    await pause(1000);
    const verify = await verifyAnswers({
      client: harnessClient,
      direct,
      users: userList,
      sample: params.verifySample,
      changes: stream.changes,
      stalenessBoundMs: STALENESS_BOUND_MS,
    });
    stream.resume();
    const phases = {
      steady: [steadyStart, faultStart],
      fault: [faultStart, faultEnd],
      recovery: [faultEnd, recoveryEnd],
    } as const;
    const own = stream.changes.slice(firstChange);
    const lostNow = verify.lostChanges.filter((seq) => !counted.has(seq));
    for (const seq of lostNow) counted.add(seq);
    const { lostChanges: _, ...verifyCounts } = verify;
    const watchAfter = users.watch;
    const result: FaultResult = {
      key: fault.key,
      title: fault.title,
      group: fault.group,
      phasesMs: Object.fromEntries(
        Object.entries(phases).map(([k, [a, b]]) => [k, [a - steadyStart, b - steadyStart] as const]),
      ),
      steady: callStats(users.samples, steadyStart, faultStart),
      duringFault: callStats(users.samples, faultStart, faultEnd),
      faultAndRecovery: callStats(users.samples, faultStart, recoveryEnd),
      db: dbRates(sampler, phases),
      recoveryMs: recoveryMs(users.samples, faultEnd, recoveryEnd, params.normalLatencyMs),
      abnormalAfterReturn: abnormalAfterReturn(users.samples, faultEnd, recoveryEnd, params.normalLatencyMs),
      events: eventStats(own),
      changesLost: lostNow.filter((seq) => seq >= firstChange).length,
      changesLostEarlier: verify.lostChanges.filter((seq) => seq < firstChange).length,
      verify: verifyCounts,
      watch: {
        versions: watchAfter.versions - watchBefore.versions,
        reconnects: watchAfter.reconnects - watchBefore.reconnects,
        failures: watchAfter.failures - watchBefore.failures,
        reconnectCodes: Object.fromEntries(
          Object.entries(watchAfter.reconnectCodes).map(([k, v]) => [
            k,
            v - (watchBefore.reconnectCodes[k] ?? 0),
          ]),
        ),
      },
      extra: { ...injected.extra, eventsDrained: drained, writer: { ...stream.stats } },
    };
    results.push(result);
    log(
      `  errors ${result.faultAndRecovery.errors}/${result.faultAndRecovery.calls}, flagged stale ${result.faultAndRecovery.flaggedStale}, ` +
        `degraded ${JSON.stringify(result.faultAndRecovery.degraded)}, DB ratio ${result.db.statementRatio}, ` +
        `max search ${result.duringFault.searchMaxMs} ms, recovery ${result.recoveryMs ?? "not reached"} ms, ` +
        `events dropped ${result.events.dropped}, lost ${result.changesLost}, wrong ${verify.wrongBeyondBound} ` +
        `(checked ${verify.checked}, flagged ${verify.flagged}, errors ${verify.errors}); writer ${JSON.stringify(stream.stats)}`,
    );
  }
  const summary = writeResults({
    command,
    environment,
    params,
    setup,
    results,
    durationS: (performance.now() - started) / 1000,
  });
  log(`summary ${JSON.stringify(summary)}`);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await cleanup();
}
log(exitCode === 0 ? "done" : "failed (cleaned up)");
process.exit(exitCode);
