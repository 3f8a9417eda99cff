import { describe, expect, it } from "vitest";
import { resolveStoreOptions, STORE_DEFAULTS } from "./options.js";

describe("resolveStoreOptions", () => {
  it("fills documented defaults and freezes the result", () => {
    const resolved = resolveStoreOptions();
    expect(resolved).toMatchObject({
      ...STORE_DEFAULTS,
      indexFields: ["project", "issuetype", "status", "sprint"],
    });
    expect(resolved.luaDir).toMatch(/lua\/$/);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.indexFields)).toBe(true);
  });

  it("keeps given values and ignores undefined ones", () => {
    const resolved = resolveStoreOptions({ idleTtlMs: 5_000, lockTtlMs: undefined, indexFields: ["status"] });
    expect(resolved.idleTtlMs).toBe(5_000);
    expect(resolved.lockTtlMs).toBe(STORE_DEFAULTS.lockTtlMs);
    expect(resolved.indexFields).toEqual(["status"]);
  });

  it("names the option meant when an unknown one is given", () => {
    expect(() => resolveStoreOptions({ idleTtl: 5 } as never)).toThrow(
      /store option idleTtl: unknown store option \(did you mean idleTtlMs\?\)/,
    );
    expect(() => resolveStoreOptions({ maxMember: 5 } as never)).toThrow(/did you mean maxMembers\?/);
    expect(() => resolveStoreOptions({ zzz: 5 } as never)).toThrow(/unknown store option; known: idleTtlMs/);
  });

  it("rejects bad values with the option's name", () => {
    expect(() => resolveStoreOptions({ lockTtlMs: 0 })).toThrow(
      "store option lockTtlMs: expected a whole number >= 1, got 0",
    );
    expect(() => resolveStoreOptions({ idleTtlMs: 1.5 })).toThrow(/idleTtlMs/);
    expect(() => resolveStoreOptions({ indexMarginMs: -1 })).toThrow(/indexMarginMs/);
    expect(() => resolveStoreOptions({ indexFields: ["Project"] })).toThrow(/indexFields/);
    expect(() => resolveStoreOptions({ clock: 5 as never })).toThrow(/clock/);
  });
});
