/**
 * The demo tenant: migrations and a small deterministic seed (same options, same data),
 * written through the ordinary db code (one connection: the embedded Postgres has one
 * session). A database that already holds data (a kept `dataDir`) is only migrated.
 */
import { connect } from "../db/connect.js";
import { migrate } from "../db/migrate.js";
import { seedTenant } from "../db/seed/seed.js";
import { isTenantEmpty } from "../db/tables.js";

export interface DemoTenantOptions {
  /** Issues to seed. Default 2 000 (about 1.5 s into PGlite). */
  readonly issues?: number;
  /** PRNG seed. Default "demo". */
  readonly seed?: string;
}

export interface DemoTenant {
  /** False when the database already had data and was left as it was. */
  readonly seeded: boolean;
  /** Issues in the tenant. */
  readonly issues: number;
  readonly elapsedMs: number;
}

export const DEMO_ISSUES = 2_000;
export const DEMO_SEED = "demo";

export async function createDemoTenant(url: string, options: DemoTenantOptions = {}): Promise<DemoTenant> {
  const started = performance.now();
  const sql = connect(url, { maxConnections: 1, statementTimeoutMs: 300_000 });
  try {
    await migrate(sql);
    let seeded = false;
    if (await isTenantEmpty(sql)) {
      await seedTenant(sql, { issues: options.issues ?? DEMO_ISSUES, seed: options.seed ?? DEMO_SEED });
      seeded = true;
    }
    const [row] = await sql<{ issues: number }[]>`SELECT count(*)::int AS issues FROM issues`;
    return { seeded, issues: row?.issues ?? 0, elapsedMs: Math.round(performance.now() - started) };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
