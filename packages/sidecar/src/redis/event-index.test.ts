import RedisMock from "ioredis-mock";
import { afterAll, describe, expect, it } from "vitest";
import { eventMatches, indexPlacement } from "./event-index.js";
import { decodeMetadata } from "./metadata.js";
import type { RedisClient } from "./script-client.js";
import { createStore } from "./store.js";

const redis = new RedisMock() as unknown as RedisClient;
afterAll(() => redis.disconnect());

describe("indexPlacement", () => {
  it("follows the configured field order", async () => {
    const store = await createStore(redis, { indexFields: ["status", "project"] });
    expect(indexPlacement(store, "acme", { project: [1], status: [2, 3] })).toEqual({
      field: "status",
      keys: ["subq:{acme}:idx:status:2", "subq:{acme}:idx:status:3"],
    });
    expect(indexPlacement(store, "acme", { sprint: [5] })).toEqual({
      field: null,
      keys: ["subq:{acme}:idx:all"],
    });
  });
});

describe("eventMatches", () => {
  const metadata = decodeMetadata("project=10000,10001;status=3");

  it("matches when the issue before or after the change satisfies every constrained field", () => {
    expect(eventMatches(metadata, { after: { project: [10000], status: [3] } })).toBe(true);
    expect(
      eventMatches(metadata, {
        before: { project: [10001], status: [3] },
        after: { project: [5], status: [3] },
      }),
    ).toBe(true);
    expect(
      eventMatches(metadata, {
        before: { project: [10000], status: [4] },
        after: { project: [5], status: [3] },
      }),
    ).toBe(false);
    expect(eventMatches(metadata, { before: { project: [10000], status: [4] } })).toBe(false);
  });

  it("cannot rule a subscription out on a field the event does not carry", () => {
    expect(eventMatches(metadata, { after: { project: [10000] } })).toBe(true);
    expect(eventMatches(decodeMetadata(""), { after: { project: [1] } })).toBe(true);
    expect(eventMatches(decodeMetadata("sprint=7"), { after: { sprint: [6, 7] } })).toBe(true);
    expect(eventMatches(metadata, {})).toBe(false);
  });
});
