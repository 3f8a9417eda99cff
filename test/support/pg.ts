/**
 * Throwaway Postgres databases for integration tests: each call creates a uniquely named
 * database (so test files run side by side) and `drop()` removes it, forcibly closing
 * any connection a failed test left open.
 */
import { randomBytes } from "node:crypto";
import { connect, type DbOptions, type Sql } from "../../packages/sidecar/src/db/connect.js";

export const ADMIN_URL = process.env.SUBQ_TEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** A pool on the new database. */
  readonly sql: Sql;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string, options: DbOptions = {}): Promise<TestDatabase> {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 30);
  const name = `t_${safePrefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = connect(ADMIN_URL, { maxConnections: 1 });
  try {
    await admin`CREATE DATABASE ${admin(name)}`;
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const sql = connect(url.toString(), { statementTimeoutMs: 120_000, ...options });
  return {
    name,
    url: url.toString(),
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const dropper = connect(ADMIN_URL, { maxConnections: 1 });
      try {
        await dropper`DROP DATABASE IF EXISTS ${dropper(name)} WITH (FORCE)`;
      } finally {
        await dropper.end();
      }
    },
  };
}
