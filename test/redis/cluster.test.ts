/**
 * The Redis contract against a real 3-master Redis Cluster started for this file on spare
 * ports (test/support/redis-cluster.ts). Every script must keep to one hash slot: a
 * cross-slot script fails here with CROSSSLOT.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionKeys } from "../../packages/sidecar/src/redis/index.js";
import { type RedisClusterHandle, startRedisCluster } from "../support/redis-cluster.js";
import { connectCluster } from "./contract/clients.js";
import { runContract } from "./contract/index.js";

let cluster: RedisClusterHandle | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const nodes = () => {
  if (cluster === undefined) throw new Error("the test cluster did not start");
  return cluster.nodes;
};

describe("test cluster", () => {
  it("spreads subscriptions over many slots while each keeps all its keys in one", async () => {
    const client = await connectCluster(nodes());
    try {
      const slots = new Set<number>();
      for (let i = 0; i < 20; i++) {
        const keys = Object.values(subscriptionKeys({ tenant: "acme", id: `s${i}` }));
        const keySlots = await Promise.all(
          keys.map((key) => client.cluster("KEYSLOT", key) as Promise<number>),
        );
        expect(new Set(keySlots).size).toBe(1);
        slots.add(keySlots[0]!);
      }
      expect(slots.size).toBeGreaterThan(1);
    } finally {
      client.disconnect();
    }
  });
});

runContract({ name: "redis cluster", real: true, connect: () => connectCluster(nodes()) });
