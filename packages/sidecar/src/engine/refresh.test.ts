import { describe, expect, it } from "vitest";
import type { EngineContext } from "./context.js";
import { refreshSubscription } from "./refresh.js";

/** An engine context whose Redis fails every read, with a recording logger and a settable clock. */
function failingContext() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const outcomes: string[] = [];
  let now = 1_000_000;
  const ctx = {
    store: { client: { hgetall: () => Promise.reject(new Error("connection reset")) } },
    clock: () => now,
    metrics: { refresh: (outcome: string) => outcomes.push(outcome) },
    logger: {
      warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
    },
  } as unknown as EngineContext;
  return { ctx, warnings, outcomes, advance: (ms: number) => (now += ms) };
}

describe("a failed refresh", () => {
  it("is counted every time, rethrown for the queue to retry, and logged once per tenant per minute", async () => {
    const { ctx, warnings, outcomes, advance } = failingContext();
    const job = (tenant: string) => ({ tenant, subscriptionId: "0123456789abcdef0123" });
    for (let k = 0; k < 5; k++) {
      await expect(refreshSubscription(ctx, job("acme"))).rejects.toThrow("connection reset");
      advance(1_000);
    }
    await expect(refreshSubscription(ctx, job("globex"))).rejects.toThrow("connection reset");
    expect(outcomes).toEqual(Array(6).fill("failed"));
    expect(warnings.map((w) => w.fields.tenant)).toEqual(["acme", "globex"]);
    expect(warnings[0]!.message).toMatch(/refresh failed; the queue retries it/);
    expect(warnings[0]!.fields.subscription).toBe("0123456789abcdef0123");
    advance(60_000);
    await expect(refreshSubscription(ctx, job("acme"))).rejects.toThrow("connection reset");
    expect(warnings.map((w) => w.fields.tenant)).toEqual(["acme", "globex", "acme"]);
  });
});
