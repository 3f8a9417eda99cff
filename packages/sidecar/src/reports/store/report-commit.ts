/**
 * Finalise's commit: a report's rows replace the previous ones in one transaction,
 * exactly once and never backwards.
 *
 * - The run row is locked first: a run that already succeeded (a duplicated or retried
 *   Finalise) commits nothing; a run stopped meanwhile (deadline, failure) commits nothing.
 * - Then the report's head row is locked (or created): when it already names a newer run
 *   (a larger id: requested later), this older run is marked superseded and the newer
 *   rows stay. Two Finalises of one report serialize on the head row.
 */
import type { Queryable, Sql } from "../../db/connect.js";
import type { ReportRow } from "../contract/contract.js";
import type { BatchStats } from "./run-records.js";

export type CommitOutcome =
  /** The rows are the report now. */
  | "committed"
  /** This run committed before (or was superseded before): nothing changed. */
  | "duplicate"
  /** A newer run's report is stored; this run is now marked superseded. */
  | "superseded"
  /** The run was stopped (expired or failed) before it could commit. */
  | "stopped";

export interface CommitInput {
  readonly runId: string;
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  readonly rows: readonly ReportRow[];
  readonly issuesScanned: number;
  readonly batchesDone: number;
  readonly stats: BatchStats;
}

export async function commitReport(db: Sql, input: CommitInput): Promise<CommitOutcome> {
  return db.begin(async (tx) => {
    const [run] = await tx<{ state: string }[]>`
      SELECT state FROM report_runs WHERE id = ${input.runId} FOR UPDATE`;
    if (!run) throw new Error(`report run ${input.runId} does not exist`);
    if (run.state === "succeeded" || run.state === "superseded") return "duplicate";
    if (run.state !== "running") return "stopped";
    const newer = await claimHead(tx, input);
    const finished = { ...input, state: newer ? "superseded" : "succeeded" };
    if (!newer) await replaceRows(tx, input);
    await tx`
      UPDATE report_runs SET state = ${finished.state}, finished_at = now(), batches_done = ${input.batchesDone},
        issues_scanned = ${input.issuesScanned}, batch_stats = ${tx.json(input.stats as never)}
      WHERE id = ${input.runId}`;
    return newer ? "superseded" : "committed";
  });
}

/** Points the head at this run unless it names a newer one; true when it does. */
async function claimHead(tx: Queryable, input: CommitInput): Promise<boolean> {
  // The report is as old as the data: the run's start (a fresh fragment per use).
  const computedAt = () => tx`(SELECT started_at FROM report_runs WHERE id = ${input.runId})`;
  const created = await tx`
    INSERT INTO report_heads (tenant, tool, scope, run_id, computed_at, row_count)
    VALUES (${input.tenant}, ${input.tool}, ${input.scope}, ${input.runId}, ${computedAt()}, ${input.rows.length})
    ON CONFLICT DO NOTHING RETURNING run_id`;
  if (created.length === 1) return false;
  const [head] = await tx<{ runId: string }[]>`
    SELECT run_id::text AS "runId" FROM report_heads
    WHERE tenant = ${input.tenant} AND tool = ${input.tool} AND scope = ${input.scope} FOR UPDATE`;
  if (BigInt(head!.runId) > BigInt(input.runId)) return true;
  await tx`
    UPDATE report_heads SET run_id = ${input.runId}, computed_at = ${computedAt()}, row_count = ${input.rows.length}
    WHERE tenant = ${input.tenant} AND tool = ${input.tool} AND scope = ${input.scope}`;
  return false;
}

async function replaceRows(tx: Queryable, input: CommitInput): Promise<void> {
  const { tenant, tool, scope, runId, rows } = input;
  await tx`DELETE FROM report_values WHERE tenant = ${tenant} AND tool = ${tool} AND scope = ${scope}`;
  if (rows.length === 0) return;
  await tx`
    INSERT INTO report_values (tenant, tool, scope, entity_type, entity_id, metric, value, note, computed_at, run_id)
    SELECT ${tenant}, ${tool}, ${scope}, r.entity_type, r.entity_id, r.metric, r.value, r.note,
      (SELECT started_at FROM report_runs WHERE id = ${runId}), ${runId}
    FROM unnest(${rows.map((r) => r.entityType)}::text[], ${rows.map((r) => r.entityId)}::text[],
      ${rows.map((r) => r.metric)}::text[], ${rows.map((r) => r.value)}::float8[],
      ${rows.map((r) => r.note ?? null)}::text[]) AS r(entity_type, entity_id, metric, value, note)`;
}
