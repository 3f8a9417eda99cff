/**
 * `subq sub ls|show|drop` on a Redis Cluster (the compose file's cluster profile): the
 * commands find the cluster through SUBQ_REDIS_CLUSTER, list subscriptions spread over
 * the masters, and drop one (keys in its slot, index entries in the tenant's slot).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscriptionProgram } from "../../packages/sidecar/src/cli/subscription-commands.js";
import {
  acquireLock,
  commitResult,
  createStore,
  indexKeyPattern,
  type RedisClient,
  registerSubscription,
  type Store,
  scanKeys,
  subscriptionKeyPattern,
} from "../../packages/sidecar/src/redis/index.js";
import { connectCluster } from "../redis/contract/clients.js";
import { type RedisClusterHandle, startRedisCluster } from "../support/redis-cluster.js";
import { uniqueTenant } from "../support/seeded-tenant.js";
import { runProgram } from "./sidecar-fixture.js";

let cluster: RedisClusterHandle;
let client: RedisClient;
let store: Store;
let env: Record<string, string>;
const tenant = uniqueTenant("subcl").replace(/-/g, "_");
const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = await connectCluster(cluster.nodes);
  store = await createStore(client);
  env = { SUBQ_REDIS_CLUSTER: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(",") };
  for (const [i, id] of ids.entries()) {
    const ref = { tenant, id };
    const metadata = { project: [String(10_000 + (i % 3))] };
    const refreshedAt = Date.now();
    await registerSubscription(store, ref, metadata);
    const lock = await acquireLock(store, ref);
    if (!lock.acquired) throw new Error("lock");
    await commitResult(store, lock.lease, {
      members: Array.from({ length: i + 1 }, (_, n) => 100 + n),
      refreshedAt,
      stage1: `project = ${metadata.project[0]}`,
      metadata,
    });
  }
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

const sub = (...args: string[]) => runProgram(createSubscriptionProgram, env, ["sub", ...args]);

describe("subq sub on a Redis Cluster", () => {
  it("lists every subscription of the tenant across the masters", async () => {
    const listed = JSON.parse((await sub("ls", "--tenant", tenant, "--json")).out.join("\n"));
    expect(listed.map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());
    expect(listed.find((s: { id: string }) => s.id === "s4")).toMatchObject({ state: "fresh", size: 5 });
    const shown = JSON.parse(
      (await sub("show", "s7", "--tenant", tenant, "--json", "--sample", "3")).out.join(""),
    );
    expect(shown).toMatchObject({
      id: "s7",
      size: 8,
      stage1: "project = 10001",
      metadata: { project: ["10001"] },
    });
  });

  it("drops one subscription: its keys and its index entry, nothing else", async () => {
    const { out } = await sub("drop", "s5", "--tenant", tenant);
    expect(out).toEqual([`${tenant}/s5: dropped 2 keys and 1 event-index entry`]);
    expect(await scanKeys(store, subscriptionKeyPattern({ tenant, id: "s5" }))).toEqual([]);
    const indexSets = await scanKeys(store, indexKeyPattern(tenant));
    const members = (await Promise.all(indexSets.map((key) => client.zrange(key, 0, -1)))).flat();
    expect(members.sort()).toEqual(ids.filter((id) => id !== "s5").sort());
  });
});
