import { describe, expect, it } from "vitest";
import type { Sql } from "../db/connect.js";
import type { Store } from "../redis/index.js";
import { type EventListenerOptions, resolveListenerOptions } from "./listener-options.js";

const required: EventListenerOptions = {
  engine: { ingestEvents: async () => ({ accepted: 0, matched: 0, patched: 0 }) },
  tenant: "acme",
  sql: {} as Sql,
  store: {} as Store,
};

describe("resolveListenerOptions", () => {
  it("fills in the documented defaults and freezes the result", () => {
    const resolved = resolveListenerOptions(required);
    expect(resolved).toMatchObject({
      channel: "subq_events",
      leaseTtlMs: 15_000,
      renewEveryMs: 5_000,
      batchMs: 5,
      maxEventsPerCall: 2_000,
      maxPending: 10_000,
      retryMs: 1_000,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(resolveListenerOptions({ ...required, leaseTtlMs: 900 }).renewEveryMs).toBe(300);
  });

  it("names an unknown option, a missing one, and a bad value", () => {
    expect(() => resolveListenerOptions({ ...required, leaseMs: 5 } as never)).toThrow(
      /unknown event listener option "leaseMs"; the options are: .*leaseTtlMs/,
    );
    expect(() => resolveListenerOptions({ ...required, store: undefined } as never)).toThrow(
      'event listener option "store" is required',
    );
    expect(() => resolveListenerOptions({ ...required, batchMs: -1 })).toThrow(
      /"batchMs" must be a whole number >= 0/,
    );
    expect(() => resolveListenerOptions({ ...required, leaseTtlMs: 1_000, renewEveryMs: 1_000 })).toThrow(
      /renewEveryMs \(1000\) must be below leaseTtlMs \(1000\)/,
    );
  });
});
