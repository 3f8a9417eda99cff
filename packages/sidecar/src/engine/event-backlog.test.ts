import { describe, expect, it } from "vitest";
import { SubqError } from "../errors.js";
import { silentLogger } from "./engine-metrics.js";
import { EventBacklog } from "./event-backlog.js";
import { RedisUnavailable } from "./failures.js";
import type { IngestResult } from "./types.js";

/** An apply that fails while `down` is true and records what it applied, in order. */
function store() {
  const state = { down: false, applied: [] as unknown[] };
  const apply = async (_tenant: string, events: readonly unknown[]): Promise<IngestResult> => {
    if (state.down) throw new RedisUnavailable("connect ECONNREFUSED");
    state.applied.push(...events);
    return { accepted: events.length, matched: 1, patched: 0 };
  };
  return { state, apply };
}

const valid = () => {};
const options = { maxEvents: 5, retryMs: 5 };

async function settled(backlog: EventBacklog): Promise<void> {
  while (backlog.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("EventBacklog", () => {
  it("applies at once while the store answers", async () => {
    const { state, apply } = store();
    const backlog = new EventBacklog(apply, valid, silentLogger, options);
    expect(await backlog.submit("acme", ["a"])).toEqual({ accepted: 1, matched: 1, patched: 0 });
    expect(state.applied).toEqual(["a"]);
  });

  it("keeps batches while the store is down and applies them in order when it is back", async () => {
    const { state, apply } = store();
    const backlog = new EventBacklog(apply, valid, silentLogger, options);
    state.down = true;
    expect(await backlog.submit("acme", ["a", "b"])).toMatchObject({ accepted: 2, deferred: 2 });
    state.down = false;
    // Published after: queued behind the kept ones, not applied ahead of them.
    expect(await backlog.submit("acme", ["c"])).toMatchObject({ deferred: 1 });
    await settled(backlog);
    expect(state.applied).toEqual(["a", "b", "c"]);
    expect(await backlog.submit("acme", ["d"])).toEqual({ accepted: 1, matched: 1, patched: 0 });
  });

  it("refuses a batch when the backlog is full, so its producer knows to publish it again", async () => {
    const { state, apply } = store();
    const backlog = new EventBacklog(apply, valid, silentLogger, options);
    state.down = true;
    await backlog.submit("acme", ["a", "b", "c", "d"]);
    const refused = backlog.submit("acme", ["e", "f"]);
    await expect(refused).rejects.toMatchObject({ code: "E_REDIS_UNAVAILABLE" });
    await expect(refused).rejects.toThrow(/publish it again/);
    await backlog.close(0);
  });

  it("checks a batch it keeps, as the route would (a bad batch is refused, not kept)", async () => {
    const { state, apply } = store();
    const check = (_tenant: string, events: readonly unknown[]) => {
      if (events.includes("bad")) throw new SubqError("E_BAD_REQUEST", "events[0]: not an event");
    };
    const backlog = new EventBacklog(apply, check, silentLogger, options);
    state.down = true;
    await backlog.submit("acme", ["a"]);
    await expect(backlog.submit("acme", ["bad"])).rejects.toMatchObject({ code: "E_BAD_REQUEST" });
    expect(backlog.size).toBe(1);
    await backlog.close(0);
  });

  it("a kept batch that meets a busy process on its retry is tried again, not dropped", async () => {
    const outcomes: unknown[] = [
      new RedisUnavailable("connect ECONNREFUSED"),
      new SubqError("E_OVERLOADED", "busy"),
    ];
    const applied: unknown[] = [];
    const apply = async (_tenant: string, events: readonly unknown[]): Promise<IngestResult> => {
      const next = outcomes.shift();
      if (next) throw next;
      applied.push(...events);
      return { accepted: events.length, matched: 0, patched: 0 };
    };
    const backlog = new EventBacklog(apply, valid, silentLogger, options);
    expect(await backlog.submit("acme", ["a"])).toMatchObject({ deferred: 1 });
    await settled(backlog);
    expect(applied).toEqual(["a"]);
  });

  it("one tenant whose database is down does not hold back another's kept events", async () => {
    const down = new Set(["redis"]);
    const applied: string[] = [];
    const apply = async (tenant: string, events: readonly unknown[]): Promise<IngestResult> => {
      if (down.has("redis")) throw new RedisUnavailable("connect ECONNREFUSED");
      if (down.has(tenant)) throw new SubqError("E_DB_UNAVAILABLE", `the database of ${tenant} is down`);
      applied.push(...(events as string[]));
      return { accepted: events.length, matched: 0, patched: 0 };
    };
    const backlog = new EventBacklog(apply, valid, silentLogger, options);
    await backlog.submit("globex", ["g1"]);
    await backlog.submit("acme", ["a1"]);
    down.clear();
    down.add("globex");
    while (!applied.includes("a1")) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await backlog.submit("acme", ["a2"])).toEqual({ accepted: 1, matched: 0, patched: 0 });
    expect(backlog.size, "globex's batch is still kept").toBe(1);
    down.clear();
    await settled(backlog);
    expect(applied).toEqual(["a1", "a2", "g1"]);
  });
});
