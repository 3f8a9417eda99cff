/**
 * Redis client constructors for the tests. ioredis and ioredis-mock are dependencies of
 * @subq/sidecar, not of the repository root, so they are resolved from that package.
 */
import { createRequire } from "node:module";
import type { RedisClient } from "../../../packages/sidecar/src/redis/index.js";

const require = createRequire(new URL("../../../packages/sidecar/package.json", import.meta.url));

type Constructor = new (...args: unknown[]) => RedisClient;

const ioredis = require("ioredis") as { Redis: Constructor; Cluster: Constructor };
const RedisMock = require("ioredis-mock") as Constructor & { Cluster: Constructor };

export async function connectRedis(port = 6379): Promise<RedisClient> {
  const client = new ioredis.Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 1 });
  await (client as unknown as { connect(): Promise<void> }).connect();
  return client;
}

export async function connectCluster(nodes: readonly { host: string; port: number }[]): Promise<RedisClient> {
  const client = new ioredis.Cluster([...nodes], {
    lazyConnect: true,
    redisOptions: { maxRetriesPerRequest: 1 },
  });
  await (client as unknown as { connect(): Promise<void> }).connect();
  return client;
}

export function connectMock(): RedisClient {
  return new RedisMock();
}
