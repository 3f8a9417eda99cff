/**
 * The `report_runs` table: one row per requested run, moved through its states by
 * conditional updates (`WHERE state IN (...)`), so two processes racing on one run (a
 * deadline and a finalise, a retried Initialise) settle on one outcome.
 *
 *   queued → running → succeeded | superseded | failed | expired
 *   queued → failed | expired
 */
import type { Queryable } from "../../db/connect.js";

export type RunState = "queued" | "running" | "succeeded" | "failed" | "expired" | "superseded";
export type RunTrigger = "adhoc" | "scheduled";

export const ACTIVE_STATES: readonly RunState[] = ["queued", "running"];

export interface BatchStats {
  readonly count: number;
  /** Batches that needed more than one attempt. */
  readonly retried: number;
  readonly totalMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface RunRecord {
  readonly id: string;
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  /** Projects the scope is limited to; null for any. */
  readonly scopeProjects: readonly number[] | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly trigger: RunTrigger;
  readonly state: RunState;
  readonly asOf: Date;
  readonly maxRuntimeMs: number;
  readonly requestedAt: Date;
  readonly startedAt: Date | null;
  readonly deadlineAt: Date | null;
  readonly finishedAt: Date | null;
  readonly batchBounds: readonly string[] | null;
  readonly batchesTotal: number | null;
  readonly batchesDone: number;
  readonly issuesTotal: number | null;
  readonly issuesScanned: number;
  readonly batchStats: BatchStats | null;
  readonly readsMark: number;
  readonly changesMark: number;
  readonly error: string | null;
}

/** What a request fixes about a run; the rest starts at its defaults. */
export type NewRun = Pick<
  RunRecord,
  | "tenant"
  | "tool"
  | "scope"
  | "scopeProjects"
  | "params"
  | "trigger"
  | "asOf"
  | "maxRuntimeMs"
  | "readsMark"
  | "changesMark"
>;

export const RUN_COLUMNS = `id::text AS id, tenant, tool, scope, scope_projects AS "scopeProjects", params, trigger, state, as_of AS "asOf",
  max_runtime_ms AS "maxRuntimeMs", requested_at AS "requestedAt", started_at AS "startedAt",
  deadline_at AS "deadlineAt", finished_at AS "finishedAt", batch_bounds::text[] AS "batchBounds",
  batches_total AS "batchesTotal", batches_done AS "batchesDone", issues_total::float8 AS "issuesTotal",
  issues_scanned::float8 AS "issuesScanned", batch_stats AS "batchStats", reads_mark::float8 AS "readsMark",
  changes_mark::float8 AS "changesMark", error`;

export async function insertRun(db: Queryable, run: NewRun): Promise<RunRecord> {
  const [row] = await db.unsafe<RunRecord[]>(
    `INSERT INTO report_runs (tenant, tool, scope, params, trigger, as_of, max_runtime_ms, reads_mark,
       changes_mark, scope_projects)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10::int[]) RETURNING ${RUN_COLUMNS}`,
    [
      run.tenant,
      run.tool,
      run.scope,
      run.params,
      run.trigger,
      run.asOf,
      run.maxRuntimeMs,
      run.readsMark,
      run.changesMark,
      run.scopeProjects,
    ] as never[],
  );
  return row!;
}

export async function loadRun(db: Queryable, runId: string): Promise<RunRecord | null> {
  const [row] = await db.unsafe<RunRecord[]>(`SELECT ${RUN_COLUMNS} FROM report_runs WHERE id = $1`, [runId]);
  return row ?? null;
}

/** The newest queued or running run of (tool, scope) with exactly these parameters. */
export async function findActiveRun(
  db: Queryable,
  key: { readonly tenant: string; readonly tool: string; readonly scope: string },
  params: Readonly<Record<string, unknown>>,
): Promise<RunRecord | null> {
  const [row] = await db.unsafe<RunRecord[]>(
    `SELECT ${RUN_COLUMNS} FROM report_runs
     WHERE tenant = $1 AND tool = $2 AND scope = $3 AND state IN ('queued', 'running') AND params = $4::jsonb
     ORDER BY id DESC LIMIT 1`,
    [key.tenant, key.tool, key.scope, params as never],
  );
  return row ?? null;
}

/** The newest runs of one report, newest first. */
export async function listRuns(
  db: Queryable,
  key: { readonly tenant: string; readonly tool: string; readonly scope: string },
  limit: number,
): Promise<RunRecord[]> {
  return db.unsafe<RunRecord[]>(
    `SELECT ${RUN_COLUMNS} FROM report_runs WHERE tenant = $1 AND tool = $2 AND scope = $3
     ORDER BY id DESC LIMIT $4`,
    [key.tenant, key.tool, key.scope, limit],
  );
}

/**
 * Stops a queued or running run (deadline, permanent failure). Returns its tool, scope and
 * the seconds it ran for, or null when it had already reached another state, which then
 * stands.
 */
export async function stopRun(
  db: Queryable,
  runId: string,
  state: "failed" | "expired",
  error: string,
): Promise<{ readonly tool: string; readonly scope: string; readonly seconds: number } | null> {
  const [row] = await db<{ tool: string; scope: string; seconds: number }[]>`
    UPDATE report_runs SET state = ${state}, error = ${error}, finished_at = now()
    WHERE id = ${runId} AND state IN ('queued', 'running')
    RETURNING tool, scope, extract(epoch FROM now() - coalesce(started_at, requested_at))::float8 AS seconds`;
  return row ?? null;
}
