/**
 * Counting query executions at the database: the scans of a table in the cumulative
 * statistics (pg_stat_user_tables). A backend publishes its counts when it goes idle (at
 * most once a second, else within 10 s) and always when it exits, before it leaves
 * pg_stat_activity; so counts are read only after every other backend of the database
 * has exited, and the reading session drops its cached snapshot first.
 */
import type { Sql } from "../../packages/sidecar/src/db/connect.js";
import { until } from "./wait.js";

/** Sequential plus index scans of `table` so far. */
export async function tableScans(reader: Sql, table: string): Promise<number> {
  await reader`SELECT pg_stat_clear_snapshot()`;
  const [row] = await reader<{ scans: string }[]>`
    SELECT (seq_scan + coalesce(idx_scan, 0))::text AS scans FROM pg_stat_user_tables WHERE relname = ${table}`;
  if (!row) throw new Error(`no statistics for table ${table}`);
  return Number(row.scans);
}

/** Waits until no client backend of `database` but the reader's is connected. */
export function backendsGone(reader: Sql, database: string, timeoutMs = 30_000): Promise<true> {
  return until(
    `the other sessions of ${database} to exit`,
    async () => {
      const [row] = await reader<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = ${database} AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
      return row!.n === 0 ? true : undefined;
    },
    timeoutMs,
  );
}

/** Ends every other session of `database` (publishing their counts) and waits for them to go. */
export async function settleSessions(reader: Sql, database: string): Promise<void> {
  await reader`
    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE datname = ${database} AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
  await backendsGone(reader, database);
}
