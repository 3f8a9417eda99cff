/**
 * Redis connection and fixtures for the Redis benchmarks. ioredis is a dependency of
 * @subq/sidecar, so it is resolved from that package.
 */
import { createRequire } from "node:module";
import type { RedisClient } from "../../packages/sidecar/src/redis/index.js";

const require = createRequire(new URL("../../packages/sidecar/package.json", import.meta.url));
const { Redis } = require("ioredis") as { Redis: new (options: object) => RedisClient };
export const ioredisVersion = (require("ioredis/package.json") as { version: string }).version;

export const REDIS_URL = { host: process.env.SUBQ_BENCH_REDIS_HOST ?? "127.0.0.1", port: 6379 };

export async function connect(): Promise<RedisClient> {
  const client = new Redis({ ...REDIS_URL, lazyConnect: true, maxRetriesPerRequest: 1 });
  await (client as unknown as { connect(): Promise<void> }).connect();
  return client;
}

export async function redisServerVersion(client: RedisClient): Promise<string> {
  const info = await client.info("server");
  return /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
}

/** n distinct issue ids (realistic 6-7 digit values). */
export function issueIds(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, i) => String(100_000 + (offset + i) * 7));
}

/** Deletes every key matching a SCAN pattern. */
export async function removeKeys(client: RedisClient, pattern: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    for (const key of batch) await client.del(key);
  } while (cursor !== "0");
}
