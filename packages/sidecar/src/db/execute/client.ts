/**
 * The executor's view of a database: run a statement, and run statements inside a
 * read-only REPEATABLE READ transaction with a statement timeout. Small on purpose: an
 * adapter is a few lines for postgres.js (here) or for an embedded Postgres such as
 * PGlite (`query(text, params)` and `transaction(fn)`).
 */
import type postgres from "postgres";
import type { Sql } from "../connect.js";

export type Row = Record<string, unknown>;

export interface SqlQuery {
  /** Runs one parameterized statement (`$1`, `$2`, …) and returns its rows. */
  query<R extends Row = Row>(text: string, values: readonly unknown[]): Promise<R[]>;
}

export interface SqlClient extends SqlQuery {
  /**
   * Runs `work` in one read-only REPEATABLE READ transaction (every statement sees one
   * snapshot) with `transactionSettings(timeoutMs)` applied first.
   */
  readOnly<T>(timeoutMs: number, work: (tx: SqlQuery) => Promise<T>): Promise<T>;
}

/** A `SqlClient` over a postgres.js pool. */
export function postgresClient(sql: Sql): SqlClient {
  return {
    query: (text, values) =>
      sql.unsafe(text, values as postgres.ParameterOrJSON<never>[]) as unknown as Promise<never[]>,
    readOnly: async <T>(timeoutMs: number, work: (tx: SqlQuery) => Promise<T>): Promise<T> => {
      const result = await sql.begin("ISOLATION LEVEL REPEATABLE READ READ ONLY", async (tx) => {
        // One round trip for all settings: without parameters postgres.js sends a simple
        // query, which may hold several statements (the values are validated numbers).
        await tx.unsafe(transactionSettings(timeoutMs).join("; "));
        return work({
          query: (text, values) =>
            tx.unsafe(text, values as postgres.ParameterOrJSON<never>[]) as unknown as Promise<never[]>,
        });
      });
      return result as T;
    },
  };
}

/**
 * What every executor transaction sets: the statement timeout, and no JIT. The compiled
 * statements are many small correlated sub-selects whose estimated cost passes
 * jit_above_cost on any sizeable tenant; compiling them took 1.6 s for an 8 ms query
 * (EXPLAIN ANALYZE on 2 500 issues), so JIT is off for these transactions.
 */
export function transactionSettings(timeoutMs: number): readonly string[] {
  return [`SET LOCAL statement_timeout = ${timeoutSetting(timeoutMs)}`, "SET LOCAL jit = off"];
}

/** A validated whole number of ms for SET (which takes no parameters). */
export function timeoutSetting(timeoutMs: number): number {
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new RangeError(`a statement timeout is 1 to 2147483647 ms, got ${timeoutMs}`);
  }
  return timeoutMs;
}
