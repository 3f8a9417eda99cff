/**
 * The load benchmark's databases: one template tenant (seeded once, reused while its
 * fingerprint — the migrations' checksums, the seed's source and options — matches), and a
 * fresh copy of it per configuration (`CREATE DATABASE … TEMPLATE`), so every
 * configuration starts from identical data and the stream's writes of one never leak
 * into the next.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  connect,
  migrate,
  readMigrations,
  type Sql,
  seedTenant,
} from "../../packages/sidecar/src/db/index.js";

export const PG_HOST = "127.0.0.1";
export const PG_PORT = 5432;
export const ADMIN_URL = `postgres://postgres@${PG_HOST}:${PG_PORT}/postgres`;

export function databaseUrl(name: string, port = PG_PORT): string {
  return `postgres://postgres@${PG_HOST}:${port}/${name}`;
}

export interface TemplateOptions {
  readonly name: string;
  readonly issues: number;
  readonly seed: string;
}

const SEED_DIR = fileURLToPath(new URL("../../packages/sidecar/src/db/seed/", import.meta.url));

/** What the template's data depends on: migrations, the seed generator's code, the seed options. */
async function fingerprint(options: TemplateOptions): Promise<string> {
  const hash = createHash("sha256");
  for (const migration of await readMigrations()) hash.update(`${migration.file}:${migration.checksum}\n`);
  for (const file of (await readdir(SEED_DIR)).filter((f) => f.endsWith(".ts")).sort()) {
    hash.update(file).update(await readFile(join(SEED_DIR, file)));
  }
  hash.update(JSON.stringify({ issues: options.issues, seed: options.seed }));
  return hash.digest("hex").slice(0, 16);
}

function admin(): Sql {
  return connect(ADMIN_URL, { maxConnections: 1, statementTimeoutMs: 600_000, applicationName: "subq-load" });
}

/** Ensures the template exists with the current fingerprint; returns whether it was (re)seeded and how long that took. */
export async function ensureTemplate(
  options: TemplateOptions,
  log: (line: string) => void,
): Promise<{ reused: boolean; seconds: number; fingerprint: string }> {
  const wanted = await fingerprint(options);
  const sql = admin();
  try {
    const [row] = await sql<{ comment: string | null }[]>`
      SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ${options.name}`;
    if (row?.comment === `subq-load ${wanted}`) return { reused: true, seconds: 0, fingerprint: wanted };
    log(`${options.name}: ${row ? "fingerprint differs" : "missing"}; seeding ${options.issues} issues`);
    const started = performance.now();
    await sql`DROP DATABASE IF EXISTS ${sql(options.name)} WITH (FORCE)`;
    await sql`CREATE DATABASE ${sql(options.name)}`;
    const tenant = connect(databaseUrl(options.name), { maxConnections: 2, statementTimeoutMs: 3_600_000 });
    try {
      await migrate(tenant);
      await seedTenant(tenant, {
        issues: options.issues,
        seed: options.seed,
        onProgress: (n, total) => n % 20_000 === 0 && log(`  seeded ${n}/${total}`),
      });
      await tenant`VACUUM (ANALYZE)`;
    } finally {
      await tenant.end();
    }
    // Written last: an interrupted seed leaves no fingerprint, so the next run seeds again.
    await sql.unsafe(`COMMENT ON DATABASE "${options.name}" IS 'subq-load ${wanted}'`);
    return { reused: false, seconds: (performance.now() - started) / 1000, fingerprint: wanted };
  } finally {
    await sql.end();
  }
}

/** A fresh copy of the template for one configuration (dropped first if a previous run left it). */
export async function copyTemplate(template: string, copy: string): Promise<number> {
  const sql = admin();
  const started = performance.now();
  try {
    await sql`DROP DATABASE IF EXISTS ${sql(copy)} WITH (FORCE)`;
    // FILE_COPY: a checkpoint and a file copy, much faster than WAL-logging 300 MB.
    await sql.unsafe(`CREATE DATABASE "${copy}" TEMPLATE "${template}" STRATEGY FILE_COPY`);
  } finally {
    await sql.end();
  }
  return (performance.now() - started) / 1000;
}

export async function dropDatabase(name: string): Promise<void> {
  const sql = admin();
  try {
    await sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`;
  } finally {
    await sql.end();
  }
}
