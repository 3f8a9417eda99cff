import RedisMock from "ioredis-mock";
import { afterAll, describe, expect, it } from "vitest";
import { commitResult } from "./commit.js";
import { subscriptionKeys } from "./keys.js";
import { acquireLock } from "./lock.js";
import { readSubscription } from "./read.js";
import type { RedisClient } from "./script-client.js";
import { createStore } from "./store.js";

const redis = new RedisMock() as unknown as RedisClient;
afterAll(() => redis.disconnect());

/**
 * A client whose pipelines run `meddle` between the read script and the SMEMBERS behind it,
 * as another client's commit could (pipelined commands are not a transaction).
 */
function racingClient(meddle: (pipeline: Pipeline) => void): { client: RedisClient; raced: () => number } {
  let raced = 0;
  const client = new Proxy(redis, {
    get(target, property, receiver) {
      if (property !== "pipeline") return Reflect.get(target, property, receiver);
      return () => {
        const pipeline = target.pipeline() as unknown as Pipeline;
        const smembers = pipeline.smembers.bind(pipeline);
        const exec = pipeline.exec.bind(pipeline);
        let injected = 0;
        pipeline.smembers = (key: string) => {
          const before = pipeline.length;
          meddle(pipeline);
          injected = pipeline.length - before;
          raced++;
          return smembers(key);
        };
        pipeline.exec = async () => {
          const results = (await exec()) ?? [];
          results.splice(1, injected);
          return results;
        };
        return pipeline;
      };
    },
  });
  return { client, raced: () => raced };
}

interface Pipeline {
  length: number;
  smembers(key: string): Pipeline;
  sadd(key: string, ...members: string[]): Pipeline;
  hincrby(key: string, field: string, by: number): Pipeline;
  exec(): Promise<[Error | null, unknown][] | null>;
}

describe("readSubscription members", () => {
  it("falls back to the atomic read when the version moved behind the script", async () => {
    const ref = { tenant: "unit-read", id: "raced" };
    const keys = subscriptionKeys(ref);
    const setup = await createStore(redis);
    const lock = await acquireLock(setup, ref);
    if (!lock.acquired) throw new Error("acquire failed");
    await commitResult(setup, lock.lease, {
      members: ["1", "2"],
      refreshedAt: Date.now(),
      stage1: "x",
      metadata: {},
    });
    let first = true;
    const { client, raced } = racingClient((pipeline) => {
      if (!first) return;
      first = false;
      pipeline.sadd(keys.members, "3").hincrby(keys.meta, "version", 1);
    });
    const store = await createStore(client);
    const read = await readSubscription(store, ref, { withMembers: true });
    expect(raced()).toBe(1);
    expect([...(read.members ?? [])].sort()).toEqual(["1", "2", "3"]);
    expect(read.version).toBe(Number(await redis.hget(keys.meta, "version")));
  });

  it("uses the pipelined members when nothing moved", async () => {
    const ref = { tenant: "unit-read", id: "quiet" };
    const store = await createStore(redis);
    const lock = await acquireLock(store, ref);
    if (!lock.acquired) throw new Error("acquire failed");
    await commitResult(store, lock.lease, {
      members: ["7"],
      refreshedAt: Date.now(),
      stage1: "x",
      metadata: {},
    });
    const { client, raced } = racingClient(() => undefined);
    const read = await readSubscription(await createStore(client), ref, {
      withMembers: true,
    });
    expect(raced()).toBe(1);
    expect(read.members).toEqual(["7"]);
  });
});
