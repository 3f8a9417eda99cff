/**
 * Configurations 3–4: the sidecar as a child process (sidecar-main.ts) with real Redis
 * and Postgres — the database reached through the timing proxy — and the SDK client the
 * application calls. A tenant name unique to the run makes every configuration start
 * cold; its Redis keys (and BullMQ's) are deleted afterwards.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { createClient, type SubqClient } from "../../packages/client/src/index.js";
import type { SidecarOptions } from "../../packages/sidecar/src/config/options.js";
import { type BenchChild, startChild } from "./child.js";

const TOKEN = randomBytes(24).toString("hex");

export interface Sidecar {
  readonly url: string;
  readonly tenant: string;
  readonly client: SubqClient;
  readonly child: BenchChild<{ url: string; pid: number }>;
  /** The sidecar's subq_* metrics (prom-client JSON). */
  metrics(): Promise<PromMetric[]>;
  stop(): Promise<void>;
}

export interface PromMetric {
  readonly name: string;
  readonly values: readonly { value: number; labels: Record<string, string>; metricName?: string }[];
}

export async function startSidecar(options: {
  readonly tenant: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly dbMaxConnections: number;
}): Promise<Sidecar> {
  const sidecarOptions: SidecarOptions = {
    role: "all",
    host: "127.0.0.1",
    port: 0,
    logLevel: "warn",
    redis: { url: options.redisUrl },
    tenants: { list: { [options.tenant]: { databaseUrl: options.databaseUrl } } },
    auth: { tokens: { bench: TOKEN } },
    engine: { queue: "bullmq" },
    db: { maxConnections: options.dbMaxConnections },
  };
  const child = startChild<{ url: string; pid: number }>("./sidecar-main.ts", {
    SUBQ_LOAD_OPTIONS: JSON.stringify(sidecarOptions),
  });
  const { url } = await child.ready;
  const client = createClient({ url, tenant: options.tenant, token: TOKEN, timeoutMs: 30_000 });
  return {
    url,
    tenant: options.tenant,
    client,
    child,
    metrics: () => child.request<PromMetric[]>("metrics"),
    stop: () => child.stop(),
  };
}

/** Sum of a metric's values whose labels match (name may be `x_sum`/`x_count` of a histogram). */
export function metricValue(
  metrics: readonly PromMetric[],
  name: string,
  labels: Record<string, string> = {},
): number {
  let total = 0;
  for (const metric of metrics) {
    for (const value of metric.values) {
      const full = value.metricName ?? metric.name;
      if (full !== name) continue;
      if (Object.entries(labels).every(([k, v]) => value.labels[k] === v)) total += value.value;
    }
  }
  return total;
}

/** Deletes what a run left in Redis under its tenant (subq keys, BullMQ queue keys, discovery entry). */
export async function deleteTenantKeys(redis: Redis, tenant: string): Promise<number> {
  let deleted = 0;
  for (const pattern of [`subq:{${tenant}*`, `subq-queue:{refresh-${tenant}}*`]) {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
  }
  await redis.srem("subq-queue:tenants", tenant);
  return deleted;
}
