/**
 * Suspends the secondary schema of bulk-loaded tables (foreign keys and non-constraint
 * indexes) and restores it afterwards. Row-by-row foreign-key checks and index upkeep
 * cost about twice the load itself; one validating join per foreign key and one sorted
 * build per index after the load cost a fraction. Primary keys and unique constraints
 * stay and keep guarding the load. Definitions are read from the catalog, so whatever
 * the migrations created comes back exactly. Call both inside the loading transaction:
 * a failure rolls the drops back too. The tables are locked exclusively meanwhile.
 */
import type { Queryable, Sql } from "./connect.js";
import { DbError } from "./errors.js";
import { ISSUE_TABLES, isTenantEmpty, resetTenantData, syncIdentitySequences } from "./tables.js";

/** What a seed or a load wrote, and how long it took. */
export interface BulkLoadResult {
  readonly issues: number;
  readonly comments: number;
  readonly changes: number;
  readonly projects: number;
  readonly users: number;
  readonly elapsedMs: number;
}

interface Definition {
  readonly table: string;
  readonly name: string;
  readonly definition: string;
}

export interface SuspendedSchema {
  readonly indexes: readonly Definition[];
  readonly foreignKeys: readonly Definition[];
}

/** Drops the foreign keys and non-constraint indexes of `tables` (public schema). */
export async function suspendSecondarySchema(
  sql: Queryable,
  tables: readonly string[],
): Promise<SuspendedSchema> {
  const names = [...tables];
  const foreignKeys = await sql<Definition[]>`
    SELECT quote_ident(t.relname) AS table, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE c.contype = 'f' AND t.relnamespace = 'public'::regnamespace AND t.relname = ANY(${names})
    ORDER BY t.relname, c.conname`;
  const indexes = await sql<Definition[]>`
    SELECT quote_ident(t.relname) AS table, quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY(${names})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY ic.relname`;
  for (const fk of foreignKeys) await sql.unsafe(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await sql.unsafe(`DROP INDEX ${index.name}`);
  return { indexes, foreignKeys };
}

/** Rebuilds the indexes, then re-adds (and so validates) the foreign keys. */
export async function restoreSecondarySchema(sql: Queryable, suspended: SuspendedSchema): Promise<void> {
  await sql`SET LOCAL maintenance_work_mem = '256MB'`;
  for (const index of suspended.indexes) await sql.unsafe(index.definition);
  for (const fk of suspended.foreignKeys) {
    await sql.unsafe(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  }
}

/**
 * Runs `work` as the bulk load of a whole tenant, in one transaction: refuses a tenant
 * with data unless `reset` (then empties it), suspends the secondary schema of the issue
 * tables around `work`, moves identity sequences past the written ids, and ANALYZEs.
 */
export async function withBulkLoad<T>(
  sql: Sql,
  reset: boolean,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  // Fail fast, before the caller's expensive preparation; the transaction checks again.
  if (!reset && !(await isTenantEmpty(sql))) throw tenantNotEmpty();
  const result = await sql.begin(async (tx) => {
    if (reset) await resetTenantData(tx);
    else if (!(await isTenantEmpty(tx))) throw tenantNotEmpty();
    await tx`SET LOCAL synchronous_commit = off`;
    const suspended = await suspendSecondarySchema(tx, ISSUE_TABLES);
    const value = await work(tx);
    await restoreSecondarySchema(tx, suspended);
    await syncIdentitySequences(tx);
    return value;
  });
  await sql`ANALYZE`;
  return result as T;
}

function tenantNotEmpty(): DbError {
  return new DbError("E_TENANT_NOT_EMPTY", "the tenant already has data; pass --reset to replace it");
}
