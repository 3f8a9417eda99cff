/**
 * subq's event triggers in a tenant database (sql/triggers.sql): statement-level triggers
 * on issues, the tables about issues and the configuration tables that `pg_notify` compact
 * events on one channel, so that the database itself tells subq what changed
 * (docs/sidecar.md "Events"; the listener is listener.ts).
 *
 * Installing runs the whole file in one transaction: it drops the `subq_triggers` schema
 * (and with it every trigger an earlier install created) and creates it again, so it is
 * idempotent and upgrades in place. Creating triggers locks each table briefly; a bounded
 * lock_timeout makes a busy table fail the install instead of stalling the writers queued
 * behind it.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Sql } from "../db/connect.js";

/** The NOTIFY channel, one per tenant database (subq_triggers.channel() in the SQL). */
export const EVENT_CHANNEL = "subq_events";

/** The schema holding the trigger functions; dropping it removes every trigger. */
export const TRIGGER_SCHEMA = "subq_triggers";

/** Serializes concurrent installs (advisory locks are per database). */
const INSTALL_LOCK_KEY = 7_253_190_042;

export interface TriggerOptions {
  /** How long to wait for a table lock before failing. Default 10 000 ms. */
  readonly lockTimeoutMs?: number;
}

export interface InstalledTriggers {
  /** Tables with subq triggers, sorted. */
  readonly tables: readonly string[];
  readonly triggers: number;
  readonly channel: string;
}

/** packages/sidecar/sql/triggers.sql, from src/capture/ and dist/capture/ alike. */
export function triggersSqlPath(): string {
  return fileURLToPath(new URL("../../sql/triggers.sql", import.meta.url));
}

/** Installs (or re-installs) the triggers; returns what is installed afterwards. */
export async function installTriggers(sql: Sql, options: TriggerOptions = {}): Promise<InstalledTriggers> {
  const text = await readFile(triggersSqlPath(), "utf8");
  await inLockedTransaction(sql, options, "installing", (tx) => tx.unsafe(text));
  const installed = await installedTriggers(sql);
  if (installed === null)
    throw new Error("installing the event triggers left no subq_triggers schema behind");
  return installed;
}

/** Removes every subq trigger and function; tells whether there was anything to remove. */
export async function uninstallTriggers(sql: Sql, options: TriggerOptions = {}): Promise<boolean> {
  const before = await installedTriggers(sql);
  await inLockedTransaction(sql, options, "removing", (tx) =>
    tx.unsafe(`DROP SCHEMA IF EXISTS ${TRIGGER_SCHEMA} CASCADE`),
  );
  return before !== null;
}

/** The installed triggers, or null when the schema does not exist. */
export async function installedTriggers(sql: Sql): Promise<InstalledTriggers | null> {
  const [schema] = await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${TRIGGER_SCHEMA}`;
  if (!schema) return null;
  const rows = await sql<{ table: string; triggers: number }[]>`
    SELECT c.relname AS table, count(*)::int AS triggers
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE p.pronamespace = ${TRIGGER_SCHEMA}::regnamespace AND NOT t.tgisinternal
     GROUP BY c.relname
     ORDER BY c.relname`;
  return {
    tables: rows.map((row) => row.table),
    triggers: rows.reduce((sum, row) => sum + row.triggers, 0),
    channel: EVENT_CHANNEL,
  };
}

async function inLockedTransaction(
  sql: Sql,
  options: TriggerOptions,
  doing: string,
  work: (tx: Sql) => Promise<unknown>,
): Promise<void> {
  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  if (!Number.isSafeInteger(lockTimeoutMs) || lockTimeoutMs < 1) {
    throw new TypeError(`lockTimeoutMs must be a positive integer (ms), got ${String(lockTimeoutMs)}`);
  }
  try {
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${INSTALL_LOCK_KEY})`;
      await tx.unsafe(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
      // No parameters: the simple query protocol runs a multi-statement text.
      await work(tx as unknown as Sql);
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${doing} the event triggers failed: ${reason}`, { cause: error });
  }
}
