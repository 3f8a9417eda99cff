import RedisMock from "ioredis-mock";
import { describe, expect, it } from "vitest";
import { acquireLock } from "./lock.js";
import { scanSubscriptions } from "./scan.js";
import { createStore } from "./store.js";

describe("scanSubscriptions", () => {
  it("lists every subscription of one tenant and none of another", async () => {
    const client = new RedisMock();
    const store = await createStore(client);
    for (const id of ["a1", "b2", "c3"]) await acquireLock(store, { tenant: "scan-one", id });
    await acquireLock(store, { tenant: "scan-two", id: "z9" });
    await acquireLock(store, { tenant: "scan-onex", id: "y8" });
    expect(await scanSubscriptions(store, "scan-one")).toEqual(["a1", "b2", "c3"]);
    expect(await scanSubscriptions(store, "scan-two")).toEqual(["z9"]);
    client.disconnect();
  });
});
