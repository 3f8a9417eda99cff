/**
 * One configuration, start to end, on its own copy of the template database: warm up the
 * pollers, open the measurement window (database time at the proxy, concurrency, latency,
 * freshness, correctness) while the change stream is applied, close it, then make a query
 * go cold under the continuing load (stampede), stop, and clean up.
 */
import { loadavg } from "node:os";
import type { Redis } from "ioredis";
import { connect } from "../../packages/sidecar/src/db/index.js";
import { Prng } from "../../packages/sidecar/src/db/seed/prng.js";
import { startPolling } from "./agents.js";
import { startChild } from "./child.js";
import { type Backend, CONFIGS, type ConfigName, openBackend } from "./configurations.js";
import { CorrectnessChecker } from "./correctness.js";
import { DirectSearch } from "./direct-search.js";
import { FreshnessObserver } from "./freshness.js";
import { measureOverhead, type Overhead } from "./overhead.js";
import type { LoadParams } from "./params.js";
import { ActivitySampler } from "./pg-activity.js";
import type { ProxyStats } from "./pg-proxy.js";
import type { Poller } from "./queues.js";
import type { PlannedChange } from "./real-stream.js";
import { Recorder } from "./recorder.js";
import { type ConfigResult, summarizeConfig } from "./result.js";
import { deleteTenantKeys, type PromMetric } from "./sidecar.js";
import { coldQuery, executionsOf, fireTogether, stage1Text } from "./stampede.js";
import { copyTemplate, databaseUrl, dropDatabase } from "./template.js";
import type { TenantFacts } from "./tenant-facts.js";
import { StreamWriter } from "./writer.js";

/** A configuration's figures, with the cache-hit overhead where it was measured. */
export type RunResult = ConfigResult & { overhead?: Overhead };

export interface RunContext {
  readonly params: LoadParams;
  readonly facts: TenantFacts;
  readonly pollers: readonly Poller[];
  readonly stream: readonly PlannedChange[];
  readonly template: string;
  readonly runId: string;
  readonly redis: Redis;
  readonly redisUrl: string;
  readonly log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runConfig(
  ctx: RunContext,
  name: ConfigName,
  measureOverheadHere = false,
): Promise<RunResult> {
  const { params, facts, log } = ctx;
  const mode = CONFIGS.find((c) => c.name === name)!.mode;
  // Fixed database names: a run that died leaves nothing the next one does not drop first.
  const database = `subq_load_${name.replace("-", "_")}`;
  const tenant = `load_${ctx.runId}_${name.replace("-", "_")}`;
  const copySeconds = await copyTemplate(ctx.template, database);
  const proxy = startChild<{ port: number }>("./pg-proxy-main.ts");
  const writerSql = connect(databaseUrl(database), {
    maxConnections: 1,
    applicationName: "subq-load-writer",
  });
  const checkSql = connect(databaseUrl(database), { maxConnections: 2, applicationName: "subq-load-check" });
  const changes: { issueId: number; committedAt: number }[] = [];
  const freshness = new FreshnessObserver(facts, mode === "push");
  const correctness = new CorrectnessChecker(new DirectSearch(checkSql, facts), changes, params.checkEveryMs);
  const recorder = new Recorder([freshness, correctness]);
  const sampler = new ActivitySampler(database);
  let backend: Backend | undefined;
  let load: { stop(): Promise<void> } | undefined;
  let sidecarBefore: PromMetric[] = [];
  let stream = { applied: 0, skipped: 0, behindMs: 0, publishMs: [] as number[], publishErrors: 0 };
  try {
    const { port } = await proxy.ready;
    backend = await openBackend(name, facts, {
      databaseUrl: databaseUrl(database, port),
      redisUrl: ctx.redisUrl,
      redis: { host: "127.0.0.1", port: 6379 },
      tenant,
      poolSize: params.poolSize,
      ttlMs: params.ttlMs,
      graceMs: params.graceMs,
    });
    load = startPolling(ctx.pollers, mode, backend, recorder, new Prng(`${params.seed}:pollers`));
    log(`  ${name}: database copied in ${copySeconds.toFixed(1)} s; warming up ${params.warmupMs / 1000} s`);
    await sleep(params.warmupMs);

    // The measurement window.
    await proxy.request("reset");
    sidecarBefore = (await backend.sidecar?.metrics()) ?? [];
    sampler.start();
    recorder.open = true;
    correctness.open = true;
    const loadAtStart = loadavg();
    const windowStart = performance.now();
    stream = await replay(ctx, new StreamWriter(writerSql), backend, freshness, changes, windowStart);
    await sleep(params.windowMs - (performance.now() - windowStart));
    const db = await proxy.request<ProxyStats>("stats");
    recorder.open = false;
    correctness.open = false;
    const activity = await sampler.stop();
    const sidecarAfter = (await backend.sidecar?.metrics()) ?? [];
    const loadAtEnd = loadavg();
    log(`  ${name}: window closed (${recorder.answers} answers, ${stream.applied} changes); stampede`);

    const stampede = await coldStampede(ctx, backend, proxy);
    await correctness.idle();
    await load.stop();
    const overhead =
      measureOverheadHere && backend.client ? await overheadOf(ctx, backend.client) : undefined;
    const summary = summarizeConfig({
      name,
      mode,
      params,
      users: new Set(ctx.pollers.map((p) => p.user)).size,
      db,
      activity,
      recorder,
      freshness,
      correctness: correctness.result,
      stream,
      sidecar: backend.sidecar ? { before: sidecarBefore, after: sidecarAfter } : undefined,
      stampede,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      copySeconds,
    });
    return overhead ? { ...summary, overhead } : summary;
  } finally {
    await load?.stop();
    await backend?.close().catch((e: unknown) => log(`  ${name}: close failed: ${String(e)}`));
    await Promise.allSettled([writerSql.end({ timeout: 5 }), checkSql.end({ timeout: 5 })]);
    await proxy.stop();
    await deleteTenantKeys(ctx.redis, tenant).catch(() => 0);
    await dropDatabase(database).catch((e: unknown) => log(`  could not drop ${database}: ${String(e)}`));
  }
}

/** Applies the stream at its planned offsets; subq configurations are told by events. */
async function replay(
  ctx: RunContext,
  writer: StreamWriter,
  backend: Backend,
  freshness: FreshnessObserver,
  changes: { issueId: number; committedAt: number }[],
  startedAt: number,
) {
  const result = { applied: 0, skipped: 0, behindMs: 0, publishMs: [] as number[], publishErrors: 0 };
  for (const planned of ctx.stream) {
    const wait = planned.atMs - (performance.now() - startedAt);
    if (wait > 0) await sleep(wait);
    else result.behindMs = Math.max(result.behindMs, -wait);
    const applied = await writer.apply(planned);
    if (!applied) {
      result.skipped += 1;
      continue;
    }
    result.applied += 1;
    changes.push({ issueId: applied.issueId, committedAt: applied.committedAt });
    freshness.changed(applied);
    if (backend.client) {
      const t0 = performance.now();
      try {
        await backend.client.publishEvents([applied.event as never]);
      } catch (error) {
        result.publishErrors += 1;
        ctx.log(`  publish failed: ${String(error)}`);
      }
      result.publishMs.push(performance.now() - t0);
    }
  }
  return result;
}

/** Version poll and cached search latency against a Redis GET, on a quiet sidecar. */
function overheadOf(ctx: RunContext, client: NonNullable<Backend["client"]>) {
  const agent = ctx.pollers.find((p) => p.project !== null)!;
  const viewer = ctx.pollers.find((p) => p.project === null)!;
  return measureOverhead(
    client,
    ctx.redisUrl,
    { user: agent.user, query: agent.queries[0]! },
    { user: viewer.user, query: viewer.queries[0]! },
    ctx.params.overheadSamples,
  );
}

async function coldStampede(
  ctx: RunContext,
  backend: Backend,
  proxy: ReturnType<typeof startChild<{ port: number }>>,
) {
  const desk = ctx.facts.projects[0]!;
  const jql = coldQuery(desk.key);
  const users = ctx.pollers
    .filter((p) => p.project === desk.key)
    .map((p) => p.user)
    .concat(ctx.facts.projects.slice(1).flatMap((p) => p.agents))
    .slice(0, ctx.params.stampedeCallers);
  const before = await proxy.request<ProxyStats>("stats");
  const populatesBefore = (await backend.sidecar?.metrics()) ?? [];
  const run = await fireTogether(users, (user) => backend.search(user, jql, 50));
  // The proxy counts a statement when its answer is back: give the last ones a moment.
  await sleep(500);
  const after = await proxy.request<ProxyStats>("stats");
  const populatesAfter = (await backend.sidecar?.metrics()) ?? [];
  return {
    jql,
    ...run,
    stage1Executions: backend.sidecar ? executionsOf(before, after, stage1Text(ctx.facts, jql)) : null,
    wholeQueryExecutions: backend.executions ? (backend.executions.get(jql) ?? 0) : null,
    sidecarPopulates: backend.sidecar ? { before: populatesBefore, after: populatesAfter } : undefined,
  };
}
