/**
 * The embedded Redis (ioredis-mock) runs the store's scripts and delivers what they
 * publish to a subscriber on another client.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createEmbeddedRedis,
  type EmbeddedRedis,
} from "../../packages/sidecar/src/embedded/embedded-redis.js";
import {
  acquireLock,
  commitResult,
  createStore,
  markStale,
  parseVersionMessage,
  readSubscription,
  type VersionMessage,
  versionChannel,
} from "../../packages/sidecar/src/redis/index.js";

const opened: EmbeddedRedis[] = [];

function embedded(): EmbeddedRedis {
  const redis = createEmbeddedRedis();
  opened.push(redis);
  return redis;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((redis) => redis.close()));
});

async function nextMessages(messages: VersionMessage[], count: number): Promise<VersionMessage[]> {
  const deadline = Date.now() + 2_000;
  while (messages.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  return messages.splice(0, count);
}

describe("createEmbeddedRedis", () => {
  it("runs a read/commit cycle through the store and delivers the scripts' publishes to a subscriber", async () => {
    const redis = embedded();
    let clock = 1_764_000_000_000;
    const store = await createStore(redis.client(), { clock: () => clock });
    const subscriber = redis.client();
    const messages: VersionMessage[] = [];
    subscriber.on("message", (channel: string, message: string) => {
      if (channel === versionChannel("demo")) messages.push(parseVersionMessage(message));
    });
    await subscriber.subscribe(versionChannel("demo"));
    const ref = { tenant: "demo", id: "s1" };

    expect((await readSubscription(store, ref)).state).toBe("missing");
    const lock = await acquireLock(store, ref);
    if (!lock.acquired) throw new Error("expected the lock");
    expect((await readSubscription(store, ref)).state).toBe("populating");
    const commit = await commitResult(store, lock.lease, {
      members: [10001, 10002, 10003],
      refreshedAt: clock,
      position: "0/1784AF0",
      stage1: "project = 10000",
      metadata: { project: ["10000"] },
    });
    expect(commit).toMatchObject({ state: "fresh", changed: true, lockReleased: true });
    const [committed] = await nextMessages(messages, 1);
    expect(committed).toEqual({ subscriptionId: "s1", version: commit.version, state: "fresh" });

    clock += 10;
    const fresh = await readSubscription(store, ref, { withMembers: true });
    expect(fresh).toMatchObject({ state: "fresh", version: commit.version, count: 3, position: "0/1784AF0" });
    expect([...fresh.members!].sort()).toEqual(["10001", "10002", "10003"]);

    clock += 10;
    const version = await markStale(store, ref);
    const [staled] = await nextMessages(messages, 1);
    expect(staled).toEqual({ subscriptionId: "s1", version, state: "stale" });
    expect((await readSubscription(store, ref)).state).toBe("stale");
  });

  it("shares one dataset between its clients and none with another embedded Redis", async () => {
    const one = embedded();
    const two = embedded();
    await one.client().set("k", "v");
    expect(await one.client().get("k")).toBe("v");
    expect(await one.client().duplicate().get("k")).toBe("v");
    expect(await two.client().get("k")).toBeNull();
    const reader = one.client();
    await one.close();
    expect(await reader.get("k")).toBeNull();
    expect(() => one.client()).toThrow(/closed/);
  });
});
