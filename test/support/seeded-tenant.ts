/**
 * A tenant for an engine test file: its own database (migrated and seeded) and its own
 * tenant name, so test files run side by side without sharing Redis keys or rows.
 */
import { randomBytes } from "node:crypto";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createTestDatabase, type TestDatabase } from "./pg.js";

export interface SeededTenant {
  /** Lowercase `[a-z0-9-]`, unique per call. */
  readonly tenant: string;
  readonly db: TestDatabase;
}

export async function createSeededTenant(name: string, issues: number): Promise<SeededTenant> {
  const db = await createTestDatabase(`engine_${name}`);
  try {
    await migrate(db.sql);
    await seedTenant(db.sql, { issues, seed: `engine-${name}` });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return { tenant: uniqueTenant(name), db };
}

/** A fresh tenant name (the Redis keys of a tenant are all under it). */
export function uniqueTenant(name: string): string {
  return `${name}-${randomBytes(3).toString("hex")}`;
}
