import { describe, expect, it } from "vitest";
import {
  indexAllKey,
  indexKey,
  stage2Key,
  subscriptionKeys,
  tenantKeyPattern,
  versionChannel,
} from "./keys.js";

/** The part of a key Redis Cluster hashes: the first {...} with content. */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = key.indexOf("}", open + 1);
  return key.slice(open + 1, close);
}

describe("keys", () => {
  const ref = { tenant: "acme", id: "3f9c0a1b2c" };

  it("gives every key of a subscription the same {tenant:subscription} hash tag", () => {
    const keys = subscriptionKeys(ref);
    expect(keys).toEqual({
      meta: "subq:{acme:3f9c0a1b2c}:meta",
      members: "subq:{acme:3f9c0a1b2c}:members",
      lock: "subq:{acme:3f9c0a1b2c}:lock",
      journal: "subq:{acme:3f9c0a1b2c}:journal",
      personal: "subq:{acme:3f9c0a1b2c}:personal",
      reads: "subq:{acme:3f9c0a1b2c}:reads",
    });
    const s2 = stage2Key(ref, {
      stage2Hash: "9ab0",
      permissionClass: "pc-3",
      version: 1760000000000001,
      page: 2,
    });
    expect(s2).toBe("subq:{acme:3f9c0a1b2c}:s2:9ab0:pc-3:1760000000000001:2");
    for (const key of [...Object.values(keys), s2]) expect(hashTag(key)).toBe("acme:3f9c0a1b2c");
  });

  it("puts tenant keys in the {tenant} slot and URI-encodes values", () => {
    expect(indexKey("acme", "project", "10000")).toBe("subq:{acme}:idx:project:10000");
    expect(indexKey("acme", "status", "Waiting for {support}")).toBe(
      "subq:{acme}:idx:status:Waiting%20for%20%7Bsupport%7D",
    );
    expect(indexAllKey("acme")).toBe("subq:{acme}:idx:all");
    expect(versionChannel("acme")).toBe("subq:{acme}:versions");
    expect(hashTag(indexKey("acme", "status", "a}b"))).toBe("acme");
  });

  it("URI-encodes user ids in Stage 2 keys so separators cannot collide", () => {
    const key = stage2Key(ref, { stage2Hash: "ab", permissionClass: "user:a b", version: 1, page: 0 });
    expect(key).toBe("subq:{acme:3f9c0a1b2c}:s2:ab:user%3Aa%20b:1:0");
  });

  it("matches every key of one tenant and no other tenant's", () => {
    const pattern = tenantKeyPattern("acme");
    const glob = new RegExp(
      `^${pattern.replace(/[{}]/g, "\\$&").replace("[\\}:]", "[}:]").replace("*", ".*")}$`,
    );
    expect(glob.test("subq:{acme}:idx:all")).toBe(true);
    expect(glob.test("subq:{acme:s1}:meta")).toBe(true);
    expect(glob.test("subq:{acme2:s1}:meta")).toBe(false);
    expect(glob.test("subq:{acme2}:idx:all")).toBe(false);
  });

  it("rejects bad names with what, where and the allowed form", () => {
    expect(() => subscriptionKeys({ tenant: "Acme", id: "s1" })).toThrow(
      'tenant: expected 1-64 characters [a-z0-9_-], got "Acme"',
    );
    expect(() => subscriptionKeys({ tenant: "acme", id: "a:b" })).toThrow(/subscription id: .*got "a:b"/);
    expect(() => subscriptionKeys({ tenant: "", id: "s1" })).toThrow(/tenant/);
    expect(() => indexKey("acme", "Project", "1")).toThrow(/field: expected a metadata field name/);
    expect(() => indexKey("acme", "project", "")).toThrow(/non-empty/);
    expect(() => stage2Key(ref, { stage2Hash: "AB", permissionClass: "x", version: 1, page: 0 })).toThrow(
      /stage2Hash/,
    );
    expect(() => stage2Key(ref, { stage2Hash: "ab", permissionClass: "", version: 1, page: 0 })).toThrow(
      /permissionClass/,
    );
    expect(() => stage2Key(ref, { stage2Hash: "ab", permissionClass: "x", version: 1.5, page: 0 })).toThrow(
      /version/,
    );
    expect(() => stage2Key(ref, { stage2Hash: "ab", permissionClass: "x", version: 1, page: -1 })).toThrow(
      /page/,
    );
  });
});
