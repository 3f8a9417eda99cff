/**
 * Versioned migrations: plain `NNNN_name.sql` files applied in order. The
 * `schema_migrations` table records each applied version with a checksum of its file;
 * a file that changed after it was applied, or an applied version this build does not
 * know, stops the run (fix the file or the build, never the history). One transaction
 * holds an advisory lock and applies every pending file, so two migrators never race
 * and a failing file leaves the database as it was.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Queryable, Sql } from "./connect.js";
import { DbError } from "./errors.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  /** sha256 of the file's bytes, hex. */
  readonly checksum: string;
}

export interface MigrateResult {
  /** File names applied by this run, in order. */
  readonly applied: readonly string[];
  /** Highest version now applied (0 for none). */
  readonly version: number;
}

/** Arbitrary constant shared by every subq migrator (advisory locks are per database). */
const MIGRATION_LOCK_KEY = 7_253_190_041;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** packages/sidecar/migrations, from src/db/ (tsx, vitest) and from dist/db/ alike. */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL("../../migrations/", import.meta.url));
}

/** Reads and orders the migration files of `dir`; misnamed or duplicate versions throw. */
export async function readMigrations(dir: string = defaultMigrationsDir()): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new DbError(
        "E_MIGRATION_FILE",
        `migration file ${file} must be named NNNN_name.sql (e.g. 0005_add_x.sql)`,
        { file },
      );
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new DbError(
        "E_MIGRATION_FILE",
        `two migration files have version ${match[1]}; renumber ${file}`,
        { file },
      );
    }
    const bytes = await readFile(join(dir, file));
    const checksum = createHash("sha256").update(bytes).digest("hex");
    migrations.push({ version, name: match[2]!, file, sql: bytes.toString("utf8"), checksum });
  }
  return migrations;
}

/** Applies every pending migration of `dir` to the database of `sql`. */
export async function migrate(sql: Sql, options: { readonly dir?: string } = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(options.dir);
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`;
    const appliedRows = await tx<{ version: number; name: string; checksum: string }[]>`
      SELECT version, name, checksum FROM schema_migrations ORDER BY version`;
    verifyApplied(appliedRows, migrations);
    const done = new Set(appliedRows.map((row) => row.version));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await applyOne(tx, migration);
      applied.push(migration.file);
    }
    return { applied, version: Math.max(0, ...migrations.map((m) => m.version)) };
  });
}

function verifyApplied(
  rows: readonly { version: number; name: string; checksum: string }[],
  migrations: readonly Migration[],
): void {
  for (const row of rows) {
    const migration = migrations.find((m) => m.version === row.version);
    const label = `${String(row.version).padStart(4, "0")}_${row.name}.sql`;
    if (!migration) {
      throw new DbError(
        "E_MIGRATION_UNKNOWN",
        `the database has migration ${label} applied, which this build does not have; run a build that includes it`,
        { file: label },
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new DbError(
        "E_MIGRATION_CHANGED",
        `migration ${migration.file} changed after it was applied; restore the applied text and put the change in a new migration file`,
        { file: migration.file },
      );
    }
  }
}

async function applyOne(tx: Queryable, migration: Migration): Promise<void> {
  try {
    // No parameters: the simple query protocol runs the whole multi-statement file.
    await tx.unsafe(migration.sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError("E_MIGRATION_FILE", `migration ${migration.file} failed: ${reason}`, {
      file: migration.file,
      cause: error,
    });
  }
  await tx`INSERT INTO schema_migrations (version, name, checksum)
    VALUES (${migration.version}, ${migration.name}, ${migration.checksum})`;
}
