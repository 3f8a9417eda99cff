import { describe, expect, it } from "vitest";
import { Tenant, type TenantSource } from "./tenant.js";

/** A source whose loads finish only when the test says so. */
function manualSource() {
  const loads: { generation: number; finish: () => void; fail: (error: Error) => void }[] = [];
  const source: TenantSource = {
    load: (generation) =>
      new Promise((resolve, reject) => {
        const view = { resolver: {}, database: {}, catalog: {}, timeZone: `zone ${generation}` } as never;
        loads.push({ generation, finish: () => resolve(view), fail: reject });
      }),
    close: async () => {},
  };
  return { source, loads };
}

describe("Tenant.current", () => {
  it("serves an old view at once and reloads it in the background", async () => {
    let now = 0;
    const { source, loads } = manualSource();
    const tenant = new Tenant("acme", source, 60_000, () => now);
    const first = tenant.current();
    loads[0]!.finish();
    expect((await first).generation).toBe(1);

    now = 61_000;
    // The reload has not finished (a database that went away never finishes it): no wait.
    expect((await tenant.current()).generation).toBe(1);
    expect(loads).toHaveLength(2);
    expect((await tenant.current()).generation).toBe(1);
    expect(loads, "one reload at a time").toHaveLength(2);
    loads[1]!.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await tenant.current()).generation).toBe(2);
  });

  it("keeps the old view when a background reload fails", async () => {
    let now = 0;
    const { source, loads } = manualSource();
    const tenant = new Tenant("acme", source, 1_000, () => now);
    const first = tenant.current();
    loads[0]!.finish();
    await first;
    now = 2_000;
    expect((await tenant.current()).generation).toBe(1);
    loads[1]!.fail(new Error("connect ECONNREFUSED"));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await tenant.current()).generation).toBe(1);
    expect(loads, "the next read tries again").toHaveLength(3);
  });

  it("waits for the reload after a configuration change invalidated the view", async () => {
    const { source, loads } = manualSource();
    const tenant = new Tenant("acme", source, 60_000, () => 0);
    const first = tenant.current();
    loads[0]!.finish();
    await first;
    tenant.invalidate();
    const next = tenant.current();
    expect(loads).toHaveLength(2);
    loads[1]!.finish();
    expect((await next).generation).toBe(2);
  });

  it("after a configuration change waits for a load that began after it, not one already running", async () => {
    const { source, loads } = manualSource();
    const tenant = new Tenant("acme", source, 1_000, () => 0);
    const first = tenant.current();
    loads[0]!.finish();
    await first;
    tenant.invalidate();
    const during = tenant.current(); // load 2 begins
    tenant.invalidate(); // the configuration changes again while it runs
    const after = tenant.current();
    loads[1]!.finish();
    expect((await during).generation).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(loads, "a third load, begun after the second change").toHaveLength(3);
    loads[2]!.finish();
    expect((await after).generation).toBe(3);
  });
});
