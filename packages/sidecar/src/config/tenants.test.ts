import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL_TEMPLATE } from "../db/tenants.js";
import { useTempDir } from "../testing/temp-dir.js";
import { resolveOptions } from "./resolve.js";
import { loadTenants } from "./tenants.js";

const dir = useTempDir("tenants");

describe("loadTenants", () => {
  it("lists the file's tenants, overridden per tenant by the inline list, plus names through the template", async () => {
    const file = await dir.write("tenants.json", {
      acme: { databaseUrl: "postgres://file/acme", timeZone: "Europe/Berlin" },
      beta: { databaseUrl: "postgres://file/beta" },
    });
    const { tenants } = resolveOptions({
      tenants: {
        file,
        list: { beta: { databaseUrl: "postgres://inline/beta" } },
        databaseUrlTemplate: "postgres://tpl/t_{tenant}",
        names: ["gamma"],
      },
    });
    expect(await loadTenants(tenants)).toEqual([
      { name: "acme", databaseUrl: "postgres://file/acme", timeZone: "Europe/Berlin" },
      { name: "beta", databaseUrl: "postgres://inline/beta" },
      { name: "gamma", databaseUrl: "postgres://tpl/t_gamma" },
    ]);
  });

  it("resolves names through the local default template when nothing else is configured", async () => {
    const { tenants } = resolveOptions({ tenants: { names: ["acme"] } });
    expect(await loadTenants(tenants)).toEqual([
      { name: "acme", databaseUrl: DEFAULT_DATABASE_URL_TEMPLATE.replace("{tenant}", "acme") },
    ]);
  });

  it("rejects a name that neither the list nor a template covers, naming the known tenants", async () => {
    const { tenants } = resolveOptions({
      tenants: { list: { acme: { databaseUrl: "postgres://h/acme" } }, names: ["beta"] },
    });
    await expect(loadTenants(tenants)).rejects.toThrow(/unknown tenant "beta"; known tenants: acme/);
  });

  it("reports an unreadable tenants file with the way out", async () => {
    const { tenants } = resolveOptions({ tenants: { file: dir.path("nope.json") } });
    await expect(loadTenants(tenants)).rejects.toThrow(
      /cannot read tenants file .*nope\.json; check the path/,
    );
  });
});
