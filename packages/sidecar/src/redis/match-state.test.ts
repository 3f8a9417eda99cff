import RedisMock from "ioredis-mock";
import { afterAll, describe, expect, it } from "vitest";
import { subscriptionKeys } from "./keys.js";
import { readMatchStates } from "./match-state.js";
import type { RedisClient } from "./script-client.js";
import { createStore } from "./store.js";

const redis = new RedisMock() as unknown as RedisClient;
afterAll(() => redis.disconnect());

describe("readMatchStates", () => {
  it("reads committed, pending and expired subscriptions in order", async () => {
    const store = await createStore(redis);
    const tenant = "unit-match";
    const committed = subscriptionKeys({ tenant, id: "committed" });
    await redis.hset(committed.meta, {
      version: "3",
      stage1: "project = 1",
      metadata: "project=1",
      position: "0/1@9:9:",
    });
    await redis.sadd(committed.reads, "status", "assignee");
    await redis.hset(subscriptionKeys({ tenant, id: "pending" }).meta, { version: "1" });
    const states = await readMatchStates(store, tenant, ["committed", "gone", "pending"]);
    expect(states).toEqual([
      {
        metadataText: "project=1",
        stage1: "project = 1",
        position: "0/1@9:9:",
        reads: expect.arrayContaining(["status", "assignee"]),
      },
      null,
      { metadataText: null, stage1: null, position: null, reads: [] },
    ]);
  });
});
