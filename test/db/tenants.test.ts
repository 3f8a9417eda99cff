import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../packages/sidecar/src/db/connect.js";
import { databaseNameOf, ensureTenantDatabase } from "../../packages/sidecar/src/db/ensure-database.js";
import { isDbError } from "../../packages/sidecar/src/db/errors.js";
import {
  DEFAULT_DATABASE_URL_TEMPLATE,
  loadTenantRegistry,
  parseTenantConfig,
  resolveTenant,
} from "../../packages/sidecar/src/db/tenants.js";
import { ADMIN_URL } from "../support/pg.js";

const ACME = {
  acme: { databaseUrl: "postgres://app@db1:5432/subq_acme", timeZone: "Europe/Berlin", weekStart: 0 },
};

function configError(run: () => unknown): Error & { code: string; key?: string } {
  try {
    run();
  } catch (error) {
    expect(isDbError(error, "E_TENANT_CONFIG")).toBe(true);
    return error as Error & { code: string; key?: string };
  }
  throw new Error("expected E_TENANT_CONFIG");
}

describe("tenant registry", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "subq-tenants-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("defaults to the local template when nothing is configured", async () => {
    const registry = await loadTenantRegistry({ env: {} });
    expect(registry.urlTemplate).toBe(DEFAULT_DATABASE_URL_TEMPLATE);
    expect(resolveTenant(registry, "acme")).toEqual({
      name: "acme",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/subq_acme",
    });
  });

  it("reads a file, then SUBQ_TENANTS over it, and lists only those tenants", async () => {
    const file = join(dir, "tenants.json");
    await writeFile(file, JSON.stringify({ ...ACME, beta: { databaseUrl: "postgres://app@db2/subq_beta" } }));
    const env = {
      SUBQ_TENANTS: JSON.stringify({ beta: { databaseUrl: "postgres://app@db3/beta_override" } }),
    };
    const registry = await loadTenantRegistry({ file, env });
    expect(resolveTenant(registry, "acme")).toEqual({ name: "acme", ...ACME.acme });
    expect(resolveTenant(registry, "beta").databaseUrl).toBe("postgres://app@db3/beta_override");
    expect(registry.urlTemplate).toBeNull();
    const error = (() => {
      try {
        resolveTenant(registry, "gamma");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(isDbError(error, "E_UNKNOWN_TENANT")).toBe(true);
    expect(error?.message).toContain('unknown tenant "gamma"; known tenants: acme, beta');
    expect(error?.message).toContain("SUBQ_DATABASE_URL");
  });

  it("resolves unlisted tenants through SUBQ_DATABASE_URL and reads SUBQ_TENANTS_FILE", async () => {
    const file = join(dir, "env-file.json");
    await writeFile(file, JSON.stringify(ACME));
    const registry = await loadTenantRegistry({
      env: { SUBQ_TENANTS_FILE: file, SUBQ_DATABASE_URL: "postgres://app@db9:5432/t_{tenant}" },
    });
    expect(resolveTenant(registry, "acme").databaseUrl).toBe(ACME.acme.databaseUrl);
    expect(resolveTenant(registry, "zeta").databaseUrl).toBe("postgres://app@db9:5432/t_zeta");
  });

  it("rejects bad tenant names before they reach a database name", async () => {
    const registry = await loadTenantRegistry({ env: {} });
    for (const name of ["Acme", "a-b", "1st", "", "x".repeat(41), "a;drop"]) {
      expect(() => resolveTenant(registry, name)).toThrow(/invalid tenant name/);
    }
  });

  it("says which key is wrong and how to fix it", () => {
    const misspelled = configError(() =>
      parseTenantConfig({ acme: { databaseURL: "postgres://h/d" } }, "SUBQ_TENANTS"),
    );
    expect(misspelled.message).toContain('acme: unknown key "databaseURL" (did you mean "databaseUrl"?)');
    expect(misspelled.message).toContain("acme.databaseUrl: is required");
    expect(misspelled.message).toContain('Expected an object like {"acme"');

    const bad = configError(() =>
      parseTenantConfig(
        { acme: { databaseUrl: "mysql://h/d", timeZone: "Mars/Olympus", weekStart: 3 } },
        "tenants file x.json",
      ),
    );
    expect(bad.message).toMatch(/^tenants file x\.json: acme\.databaseUrl: must be a postgres:\/\/ URL/);
    expect(bad.message).toContain("acme.timeZone: must be an IANA time zone");
    expect(bad.message).toContain("acme.weekStart: must be 0 (Sunday) or 1 (Monday)");
    expect(bad.key).toBe("acme.databaseUrl");

    expect(
      configError(() => parseTenantConfig({ Acme: { databaseUrl: "postgres://h/d" } }, "x")).message,
    ).toContain('tenant name "Acme": tenant names are 1-40 lowercase letters');
    expect(configError(() => parseTenantConfig([], "x")).message).toContain(
      "the top level: Invalid input: expected record",
    );
  });

  it("rejects unparsable JSON, unreadable files and templates without {tenant}", async () => {
    await expect(loadTenantRegistry({ env: { SUBQ_TENANTS: "{acme:" } })).rejects.toThrow(
      /SUBQ_TENANTS is not valid JSON/,
    );
    await expect(loadTenantRegistry({ file: join(dir, "missing.json"), env: {} })).rejects.toThrow(
      /cannot read tenants file .*missing\.json; check the path/,
    );
    await expect(
      loadTenantRegistry({ env: { SUBQ_DATABASE_URL: "postgres://h:5432/one_db" } }),
    ).rejects.toThrow(/SUBQ_DATABASE_URL must be a postgres:\/\/ URL template containing \{tenant\}/);
  });
});

describe("ensureTenantDatabase", () => {
  it("creates the database once and reports whether it did", async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/subq_t_ensure_${process.pid}`;
    const admin = connect(ADMIN_URL, { maxConnections: 1 });
    try {
      expect(await ensureTenantDatabase(url.toString())).toEqual({ created: true });
      expect(await ensureTenantDatabase(url.toString())).toEqual({ created: false });
      const [row] =
        await admin`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${databaseNameOf(url.toString())}`;
      expect(row!.n).toBe(1);
    } finally {
      await admin`DROP DATABASE IF EXISTS ${admin(databaseNameOf(url.toString()))} WITH (FORCE)`;
      await admin.end();
    }
  });
});
