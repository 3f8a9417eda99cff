/**
 * The fault matrix. Each fault injects itself and resolves with the moment the service
 * is back (Redis answering again, Postgres started, the partition healed, the replacement
 * process ready); the driver (faults.bench.ts) surrounds it with a steady phase before and
 * a recovery phase after. `extra` carries what only that fault measures.
 */
import type { SubqClient } from "../../packages/client/src/index.js";
import type { BenchChild } from "../load/child.js";
import type { ChangeStream } from "./changes.js";
import type { Fleet, SubqProcess } from "./fleet.js";
import type { FaultParams } from "./params.js";
import type { PrivateCluster, PrivateRedis } from "./services.js";
import { pause } from "./users.js";

export interface FaultContext {
  readonly params: FaultParams;
  readonly redis: PrivateRedis;
  readonly cluster: PrivateCluster;
  readonly relay: BenchChild<{ pg: number; api: number }>;
  readonly fleet: Fleet;
  readonly stream: ChangeStream;
  /** The harness's own client (SDK defaults: retries). */
  readonly client: SubqClient;
  readonly log: (line: string) => void;
}

export interface Injected {
  /** When the service was back (epoch ms). */
  readonly returnedAt: number;
  readonly extra?: Record<string, unknown>;
}

export interface Fault {
  readonly key: string;
  readonly title: string;
  /** Which outage it is, for the summary: redis, postgres, process, events. */
  readonly group: "redis" | "postgres" | "process";
  inject(ctx: FaultContext): Promise<Injected>;
}

async function restartRedis(ctx: FaultContext): Promise<number> {
  await ctx.redis.start();
  return Date.now();
}

export const FAULTS: readonly Fault[] = [
  {
    key: "redis-kill",
    title: "Redis killed (SIGKILL), restarted empty",
    group: "redis",
    inject: async (ctx) => {
      await ctx.redis.kill();
      await pause(ctx.params.redisOutageMs);
      return { returnedAt: await restartRedis(ctx) };
    },
  },
  {
    key: "redis-pause",
    title: "Redis paused (SIGSTOP, SIGCONT)",
    group: "redis",
    inject: async (ctx) => {
      ctx.redis.pause();
      await pause(ctx.params.redisPauseMs);
      ctx.redis.resume();
      return { returnedAt: Date.now() };
    },
  },
  {
    key: "redis-flap",
    title: "Redis flapping (killed and restarted repeatedly)",
    group: "redis",
    inject: async (ctx) => {
      for (let i = 0; i < ctx.params.flapCycles; i++) {
        await ctx.redis.kill();
        await pause(ctx.params.flapMs);
        await ctx.redis.start();
        if (i + 1 < ctx.params.flapCycles) await pause(ctx.params.flapMs);
      }
      return { returnedAt: Date.now(), extra: { cycles: ctx.params.flapCycles, downMs: ctx.params.flapMs } };
    },
  },
  {
    key: "pg-stop",
    title: "Postgres stopped under the pool (stop -m fast)",
    group: "postgres",
    inject: async (ctx) => {
      ctx.cluster.stop();
      await pause(ctx.params.pgOutageMs);
      ctx.cluster.start();
      return { returnedAt: Date.now() };
    },
  },
  {
    key: "pg-blackhole",
    title: "Postgres silently partitioned (relay blackholed)",
    group: "postgres",
    inject: async (ctx) => {
      await ctx.relay.request("blackhole");
      await pause(ctx.params.pgOutageMs);
      await ctx.relay.request("heal");
      return { returnedAt: Date.now() };
    },
  },
  {
    key: "worker-kill",
    title: "Refresh worker SIGKILLed mid-refresh",
    group: "process",
    inject: async (ctx) => {
      // Events without snapshots mark queries stale: every read then enqueues a refresh.
      ctx.stream.withSnapshots = false;
      ctx.stream.ratePerSecond = ctx.params.refreshBurstPerSecond;
      await pause(3000);
      const victim = ctx.fleet.workers[0]!;
      await victim.stop("SIGKILL");
      ctx.log(`  killed ${victim.spec.name}`);
      await pause(ctx.params.processDownMs);
      ctx.stream.withSnapshots = true;
      ctx.stream.ratePerSecond = ctx.params.eventsPerSecond;
      const started = Date.now();
      await victim.start();
      return { returnedAt: Date.now(), extra: { replacementStartMs: Date.now() - started } };
    },
  },
  {
    key: "api-restart",
    title: "API sidecar restarted gracefully (SIGTERM) under load",
    group: "process",
    inject: async (ctx) => {
      const victim = ctx.fleet.apis[0]!;
      const stopping = Date.now();
      await victim.stop("SIGTERM");
      const drainMs = Date.now() - stopping;
      ctx.log(`  ${victim.spec.name} exited after ${drainMs} ms`);
      const started = Date.now();
      await victim.start();
      // Back once the balancer sees it ready again (bounded).
      for (let i = 0; i < 40; i++) {
        const ready = await ctx.relay.request<number[]>("ready");
        if (ready.includes(victim.spec.port!)) break;
        await pause(250);
      }
      return { returnedAt: Date.now(), extra: { drainMs, restartMs: Date.now() - started } };
    },
  },
  {
    key: "report-worker-kill",
    title: "Report worker SIGKILLed mid-scan",
    group: "process",
    inject: (ctx) => reportWorkerKill(ctx),
  },
];

/** Two report workers scan a run; one is killed mid-scan, a replacement started; the run must finish. */
async function reportWorkerKill(ctx: FaultContext): Promise<Injected> {
  const args = ["--concurrency", "1", "--batch-size", String(ctx.params.reportBatchSize)];
  const workers: SubqProcess[] = [0, 1].map((i) => ctx.fleet.reportWorker(`report-worker-${i}`, args));
  await Promise.all(workers.map((w) => w.start()));
  const tool = "unused-custom-fields";
  const requested = Date.now();
  let run = await ctx.client.runReport(tool, { scope: "tenant", coalesce: false });
  let killedAt: number | null = null;
  let killedAtBatches: number | null = null;
  let returnedAt = Date.now();
  const deadline = Date.now() + ctx.params.reportWaitMs;
  while (Date.now() < deadline && !["succeeded", "failed", "expired", "superseded"].includes(run.state)) {
    await pause(200);
    run = await ctx.client.reportRun(tool, run.id).catch(() => run);
    const { batchesDone, batchesTotal } = run.progress;
    if (killedAt === null && batchesTotal && batchesDone >= Math.max(1, Math.floor(batchesTotal * 0.2))) {
      await workers[0]!.stop("SIGKILL");
      killedAt = Date.now();
      killedAtBatches = batchesDone;
      ctx.log(`  killed report-worker-0 at ${batchesDone}/${batchesTotal} batches`);
      const replacement = ctx.fleet.reportWorker("report-worker-2", args);
      await replacement.start();
      returnedAt = Date.now();
    }
  }
  const finishedAt = Date.now();
  for (const worker of ctx.fleet.reportWorkers) await worker.stop("SIGTERM");
  return {
    returnedAt: killedAt === null ? finishedAt : returnedAt,
    extra: {
      runId: run.id,
      state: run.state,
      completed: run.state === "succeeded",
      error: run.error,
      batchesDone: run.progress.batchesDone,
      batchesTotal: run.progress.batchesTotal,
      batchesRetried: run.batches?.retried ?? null,
      killedAtBatches,
      killedMidScan: killedAt !== null,
      runMs: finishedAt - requested,
      killToEndMs: killedAt === null ? null : finishedAt - killedAt,
      timedOut: finishedAt >= deadline,
    },
  };
}
