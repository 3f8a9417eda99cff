/**
 * Creating a tenant's database when it does not exist yet. The admin connection goes to
 * the `postgres` maintenance database of the same server with the same credentials.
 */
import { connect, type DbOptions } from "./connect.js";

/** The database name in a postgres:// URL. */
export function databaseNameOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** The same server and credentials, database `postgres`. */
export function adminUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

/** Creates the database of `databaseUrl` unless it exists; tells whether it did. */
export async function ensureTenantDatabase(
  databaseUrl: string,
  options: DbOptions = {},
): Promise<{ created: boolean }> {
  const name = databaseNameOf(databaseUrl);
  const admin = connect(adminUrlOf(databaseUrl), { ...options, maxConnections: 1 });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (exists) return { created: false };
    try {
      // An identifier, not a value: sql(name) quotes it; CREATE DATABASE takes no parameters.
      await admin`CREATE DATABASE ${admin(name)}`;
      return { created: true };
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if (isDuplicateDatabase(error)) return { created: false };
      throw error;
    }
  } finally {
    await admin.end();
  }
}

function isDuplicateDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "42P04" || code === "23505";
}
