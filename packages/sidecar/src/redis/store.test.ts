import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import RedisMock from "ioredis-mock";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock } from "./lock.js";
import { defaultLuaDir } from "./lua-loader.js";
import { readSubscription } from "./read.js";
import { callScript, callScripts, commandName, type RedisClient } from "./script-client.js";
import { createStore } from "./store.js";

const mock = () => new RedisMock() as unknown as RedisClient;
const clients: RedisClient[] = [];
afterAll(() => {
  for (const client of clients) client.disconnect();
});
function client(): RedisClient {
  const created = mock();
  clients.push(created);
  return created;
}

describe("createStore", () => {
  it("defines every script as an ioredis command", async () => {
    const redis = client();
    const store = await createStore(redis);
    for (const script of store.scripts) {
      expect(typeof (redis as unknown as Record<string, unknown>)[commandName(script.name)]).toBe("function");
    }
    expect(commandName("commitResult")).toBe("subqCommitResult");
  });

  it("names the script missing from a Lua directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "subq-lua-"));
    try {
      await cp(defaultLuaDir(), dir, {
        recursive: true,
        filter: (path) => !path.endsWith("markStale-1.lua"),
      });
      await expect(createStore(client(), { luaDir: dir })).rejects.toMatchObject({
        code: "E_SCRIPT_LOAD",
        message: 'the Lua script "markStale-<numKeys>.lua" is missing from the script directory',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says where lua/ belongs when the directory is missing or empty", async () => {
    const dir = await mkdtemp(join(tmpdir(), "subq-lua-"));
    try {
      for (const luaDir of [dir, join(dir, "absent")]) {
        await expect(createStore(client(), { luaDir })).rejects.toMatchObject({
          code: "E_SCRIPT_LOAD",
          message: expect.stringMatching(
            /lua\/ directory must sit at the root of the subq checkout or image/,
          ),
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses to call scripts on a client the store was not created on", () => {
    expect(() => callScript(client(), "markStale", ["k"], [1])).toThrow(
      /create the store with createStore\(client\) first/,
    );
  });

  it("reports a broken clock instead of sending it to Redis", async () => {
    const store = await createStore(client(), { clock: () => Number.NaN });
    await expect(readSubscription(store, { tenant: "acme", id: "s1" })).rejects.toMatchObject({
      code: "E_INVALID_OPTIONS",
      argument: "clock",
    });
  });

  it("validates arguments before any Redis call", async () => {
    const store = await createStore(client());
    const ref = { tenant: "acme", id: "s1" };
    await expect(acquireLock(store, ref, { token: "" })).rejects.toMatchObject({ argument: "token" });
    await expect(acquireLock(store, ref, { ttlMs: 0 })).rejects.toMatchObject({ argument: "ttlMs" });
    await expect(readSubscription(store, ref, { minPosition: "latest" })).rejects.toMatchObject({
      code: "E_INVALID_ARGUMENT",
      argument: "minPosition",
    });
    await expect(readSubscription(store, { tenant: "ACME", id: "s1" })).rejects.toMatchObject({
      argument: "tenant",
    });
  });

  it("scripts reject a bad ARGV before writing anything", async () => {
    const redis = client();
    await createStore(redis);
    const lock = "subq:{acme:argv}:lock";
    const meta = "subq:{acme:argv}:meta";
    await expect(callScript(redis, "addLock", [lock, meta], ["token", "soon", 1, 1000])).rejects.toThrow(
      /subq: ARGV\[2\] lockTtlMs must be a whole number, got 'soon'/,
    );
    expect(await redis.exists(lock, meta)).toBe(0);
  });

  it("runs a batch as one pipeline, or as concurrent calls on a cluster client", async () => {
    const redis = client();
    const store = await createStore(redis);
    const metaKey = (id: string) => `subq:{acme:${id}}:meta`;
    const calls = ["x", "y"].map((id) => ({
      name: "markStale" as const,
      keys: [metaKey(id)],
      args: [1, "ch", id],
    }));
    expect(await callScripts(store.client, calls)).toEqual([-1, -1]);
    const sent: unknown[][] = [];
    const fakeCluster = {
      isCluster: true,
      [commandName("markStale")]: async (...args: unknown[]) => {
        sent.push(args);
        return -1;
      },
      pipeline: () => {
        throw new Error("a cluster batch must not use a pipeline");
      },
    } as unknown as RedisClient;
    expect(await callScripts(fakeCluster, calls)).toEqual([-1, -1]);
    expect(sent).toEqual([
      [metaKey("x"), 1, "ch", "x"],
      [metaKey("y"), 1, "ch", "y"],
    ]);
  });
});
