import RedisMock from "ioredis-mock";
import { describe, expect, it } from "vitest";
import { bumpConfigVersion, CONFIG_VERSION_TTL_MS, readConfigVersion } from "./config-version.js";
import { configKey } from "./keys.js";
import { createStore } from "./store.js";

describe("tenant configuration version", () => {
  it("starts at 0, moves monotonically from the clock, expires, and is announced", async () => {
    let clock = 1_700_000_000_000;
    const client = new RedisMock();
    const subscriber = client.duplicate();
    const messages: string[] = [];
    await subscriber.subscribe("subq:{cfg}:versions");
    subscriber.on("message", (_channel: string, message: string) => messages.push(message));
    const store = await createStore(client, { clock: () => clock });
    expect(await readConfigVersion(store, "cfg")).toBe(0);
    const first = await bumpConfigVersion(store, "cfg");
    expect(first).toBe(clock * 1000);
    const second = await bumpConfigVersion(store, "cfg");
    expect(second).toBe(first + 1);
    clock += 5;
    expect(await bumpConfigVersion(store, "cfg")).toBe(clock * 1000);
    expect(await readConfigVersion(store, "cfg")).toBe(clock * 1000);
    const ttl = await client.pttl(configKey("cfg"));
    expect(ttl).toBeGreaterThan(CONFIG_VERSION_TTL_MS - 1000);
    const recovered = await bumpConfigVersion(store, "cfg", "recovery");
    expect(recovered).toBe(clock * 1000 + 1);
    await expect(bumpConfigVersion(store, "cfg", "other" as "config")).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messages).toEqual([
      `* ${first} config`,
      `* ${second} config`,
      `* ${clock * 1000} config`,
      `* ${recovered} recovery`,
    ]);
    subscriber.disconnect();
    client.disconnect();
  });
});
