/**
 * The benchmark's 1M-issue tenant: database subq_bench_reports_1m, a copy of the compiler
 * benchmark's subq_bench_1m when that exists (CREATE DATABASE ... TEMPLATE reads it
 * without changing it, in seconds), seeded with seedTenant otherwise (minutes), then
 * migrated so the report tables exist. Reused by later runs.
 */

import { connect, type Sql } from "../../packages/sidecar/src/db/connect.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { ADMIN_URL } from "../../test/support/pg.js";

export interface BenchTenant {
  readonly name: string;
  readonly url: string;
  readonly sql: Sql;
  readonly issues: number;
  /** How the database came to be on this run: reused, copied from the template, or seeded. */
  readonly origin: "reused" | "copied from subq_bench_1m" | "seeded";
}

const NAME = "subq_bench_reports_1m";
const TEMPLATE = "subq_bench_1m";
const ISSUES = 1_000_000;

export async function openBenchTenant(log: (line: string) => void): Promise<BenchTenant> {
  const admin = connect(ADMIN_URL, { maxConnections: 1, statementTimeoutMs: 30 * 60_000 });
  let origin: BenchTenant["origin"] = "reused";
  try {
    const exists = async (name: string) =>
      (await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).length > 0;
    if (!(await exists(NAME))) {
      if (await exists(TEMPLATE)) {
        log(`copying ${TEMPLATE} into ${NAME} ...`);
        await admin`CREATE DATABASE ${admin(NAME)} TEMPLATE ${admin(TEMPLATE)}`;
        origin = "copied from subq_bench_1m";
      } else {
        await admin`CREATE DATABASE ${admin(NAME)}`;
        origin = "seeded";
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  const sql = connect(url.toString(), { maxConnections: 2, statementTimeoutMs: 60 * 60_000 });
  await migrate(sql);
  const [{ count }] = await sql<[{ count: number }]>`SELECT count(*)::int AS count FROM issues`;
  if (count === 0) {
    log(`seeding ${ISSUES} issues into ${NAME} (about 5 minutes) ...`);
    await seedTenant(sql, { issues: ISSUES, onProgress: (n) => n % 100_000 === 0 && log(`  ${n} issues`) });
    origin = "seeded";
  }
  const [{ issues }] = await sql<[{ issues: number }]>`SELECT count(*)::int AS issues FROM issues`;
  return { name: NAME, url: url.toString(), sql, issues, origin };
}
