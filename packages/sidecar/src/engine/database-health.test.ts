import { describe, expect, it } from "vitest";
import { ProbeTimeout } from "../db/probe.js";
import { DatabaseHealth, type DatabaseProbe } from "./database-health.js";

const FAST = { stallMs: 20, probeTimeoutMs: 20, probeIntervalMs: 10 };

/** A probe whose answer the test sets. */
function probeThat(answers: () => boolean): DatabaseProbe & { calls: number } {
  const probe = {
    calls: 0,
    async probe() {
      probe.calls++;
      if (!answers()) throw new ProbeTimeout("no answer within 20 ms");
    },
  };
  return probe;
}

const refused = () =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const never = () => new Promise<never>(() => {});

describe("DatabaseHealth", () => {
  it("passes results and query errors through while the database answers", async () => {
    const health = new DatabaseHealth(
      "acme",
      probeThat(() => true),
      FAST,
    );
    expect(await health.call(async () => 42)).toBe(42);
    await expect(health.call(async () => Promise.reject(new Error("syntax error")))).rejects.toThrow(
      "syntax error",
    );
    expect(health.isDown).toBe(false);
    await health.close();
  });

  it("after a connection failure fails at once without calling the database, until a probe answers", async () => {
    let up = false;
    const probe = probeThat(() => up);
    const downs: string[] = [];
    const health = new DatabaseHealth("acme", probe, FAST, { onDown: (reason) => downs.push(reason) });
    await expect(health.call(() => Promise.reject(refused()))).rejects.toMatchObject({
      code: "E_DB_UNAVAILABLE",
    });
    expect(health.isDown).toBe(true);
    expect(downs).toEqual(["connect ECONNREFUSED 127.0.0.1:5432"]);
    let called = false;
    const blocked = health.call(async () => {
      called = true;
    });
    await expect(blocked).rejects.toThrow(
      /database of tenant 'acme' is unavailable \(for \d+ ms: connect ECONNREFUSED/,
    );
    expect(called).toBe(false);

    up = true;
    while (health.isDown) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(probe.calls).toBeGreaterThanOrEqual(1);
    expect(await health.call(async () => "back")).toBe("back");
    await health.close();
  });

  it("a call that stalls while the probe gets no answer fails as unavailable", async () => {
    const health = new DatabaseHealth(
      "acme",
      probeThat(() => false),
      FAST,
    );
    await expect(health.call(never)).rejects.toMatchObject({ code: "E_DB_UNAVAILABLE" });
    expect(health.isDown).toBe(true);
    await health.close();
  });

  it("a slow call on a database that answers the probe is waited for", async () => {
    const probe = probeThat(() => true);
    const health = new DatabaseHealth("acme", probe, FAST);
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve("slow"), 150));
    expect(await health.call(slow)).toBe("slow");
    expect(probe.calls).toBeGreaterThanOrEqual(1);
    expect(health.isDown).toBe(false);
    await health.close();
  });

  it("a probe the server answers with an error (too many clients) means the database is there", async () => {
    const tooMany = Object.assign(new Error("sorry, too many clients already"), { code: "53300" });
    const probe: DatabaseProbe = { probe: () => Promise.reject(tooMany) };
    const health = new DatabaseHealth("acme", probe, FAST);
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve("slow"), 60));
    expect(await health.call(slow)).toBe("slow");
    expect(health.isDown).toBe(false);
    await health.close();
  });
});
