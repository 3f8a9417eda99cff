import { appendFile, cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDbError } from "../../packages/sidecar/src/db/errors.js";
import { defaultMigrationsDir, migrate, readMigrations } from "../../packages/sidecar/src/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

describe("migrations", () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase("migrate");
    // A private copy, so the test can change files without touching the real ones.
    dir = await mkdtemp(join(tmpdir(), "subq-migrations-"));
    await cp(defaultMigrationsDir(), dir, { recursive: true });
  });

  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the files of packages/sidecar/migrations in version order", async () => {
    const migrations = await readMigrations();
    expect(migrations.map((m) => m.version)).toEqual(
      [...migrations.map((m) => m.version)].sort((a, b) => a - b),
    );
    expect(migrations[0]).toMatchObject({ version: 1, file: "0001_catalog.sql", name: "catalog" });
    expect(migrations.every((m) => /^[0-9a-f]{64}$/.test(m.checksum))).toBe(true);
  });

  it("applies every migration to an empty database, with checksums and pg_trgm", async () => {
    const result = await migrate(db.sql, { dir });
    const files = (await readMigrations(dir)).map((m) => m.file);
    expect(result.applied).toEqual(files);
    const rows = await db.sql<
      { version: number; checksum: string }[]
    >`SELECT version, checksum FROM schema_migrations ORDER BY version`;
    expect(rows.map((r) => r.checksum)).toEqual((await readMigrations(dir)).map((m) => m.checksum));
    const tables = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('issues', 'comments', 'issue_changes', 'custom_field_values')`;
    expect(tables[0]!.n).toBe(4);
    const [settings] = await db.sql`SELECT time_zone, week_start FROM tenant_settings`;
    expect(settings).toEqual({ time_zone: "UTC", week_start: 1 });
    const [trgm] = await db.sql`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`;
    expect(trgm!.n).toBe(1);
  });

  it("is idempotent: a second run applies nothing", async () => {
    const result = await migrate(db.sql, { dir });
    expect(result.applied).toEqual([]);
    expect(result.version).toBe((await readMigrations(dir)).at(-1)!.version);
  });

  it("serializes concurrent migrators on a fresh database (advisory lock)", async () => {
    const fresh = await createTestDatabase("migrate_race");
    try {
      const results = await Promise.all([
        migrate(fresh.sql, { dir }),
        migrate(fresh.sql, { dir }),
        migrate(fresh.sql, { dir }),
      ]);
      const appliedCounts = results.map((r) => r.applied.length).sort();
      expect(appliedCounts).toEqual([0, 0, (await readMigrations(dir)).length]);
    } finally {
      await fresh.drop();
    }
  });

  it("refuses to run when an applied file changed, and applies nothing", async () => {
    await writeFile(join(dir, "0099_later.sql"), "CREATE TABLE later_table (id int);\n");
    await appendFile(join(dir, "0002_issues.sql"), "\n-- an edit after the fact\n");
    const error = await migrate(db.sql, { dir }).catch((e: unknown) => e);
    expect(isDbError(error, "E_MIGRATION_CHANGED")).toBe(true);
    expect((error as Error).message).toContain("0002_issues.sql changed after it was applied");
    const [later] = await db.sql`SELECT to_regclass('later_table') AS t`;
    expect(later!.t).toBeNull();
  });

  it("refuses a database with a migration this build lacks, and misnamed files", async () => {
    const other = await mkdtemp(join(tmpdir(), "subq-migrations-"));
    try {
      // An older build: it knows 0001 only, the database has more applied.
      await cp(join(dir, "0001_catalog.sql"), join(other, "0001_catalog.sql"));
      const missing = await migrate(db.sql, { dir: other }).catch((e: unknown) => e);
      expect(isDbError(missing, "E_MIGRATION_UNKNOWN")).toBe(true);
      expect((missing as Error).message).toContain("0002_issues.sql");
      await writeFile(join(other, "5_bad name.sql"), "SELECT 1;\n");
      const misnamed = await readMigrations(other).catch((e: unknown) => e);
      expect(isDbError(misnamed, "E_MIGRATION_FILE")).toBe(true);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("rolls back a failing migration and reports its file", async () => {
    const fresh = await createTestDatabase("migrate_fail");
    const broken = await mkdtemp(join(tmpdir(), "subq-migrations-"));
    try {
      await writeFile(join(broken, "0001_ok.sql"), "CREATE TABLE ok_table (id int);\n");
      await writeFile(
        join(broken, "0002_broken.sql"),
        "CREATE TABLE broken (id int);\nSELECT no_such_column FROM broken;\n",
      );
      const error = await migrate(fresh.sql, { dir: broken }).catch((e: unknown) => e);
      expect(isDbError(error, "E_MIGRATION_FILE")).toBe(true);
      expect((error as Error).message).toMatch(/0002_broken\.sql failed: .*no_such_column/);
      const [state] =
        await fresh.sql`SELECT to_regclass('ok_table') AS ok, to_regclass('schema_migrations') AS m`;
      expect(state).toEqual({ ok: null, m: null });
    } finally {
      await fresh.drop();
      await rm(broken, { recursive: true, force: true });
    }
  });
});
