/**
 * Initialise: bound the scope into keyset batches, fix the deadline, create the job's
 * Redis state, then hand the batches to BullMQ as one flow (Finalise waits for them all)
 * and schedule the deadline job.
 *
 * Every step is safe to repeat, because a retried Initialise repeats all of them: the plan
 * is fixed in the run row by the first attempt (the row lock serializes attempts) and
 * reused after, the Redis state is created only once, and the jobs have derived ids.
 */
import type { Job } from "bullmq";
import type { Sql } from "../../../db/connect.js";
import { ReportError } from "../../errors.js";
import { initJobState } from "../../store/job-state.js";
import { planBatches } from "../batch-plan.js";
import type { RunJobData } from "../jobs.js";
import { keysOf, type PhaseDeps, toolContext } from "./deps.js";
import type { LoadedRun } from "./run-contexts.js";
import { failRunOnLastAttempt, stopAndDiscard } from "./stop.js";

export type InitialiseOutcome = "started" | "skipped" | "expired";

export async function initialise(deps: PhaseDeps, job: Job<RunJobData>): Promise<InitialiseOutcome> {
  const ref = job.data.run;
  const attempt = { made: job.attemptsMade, max: job.opts.attempts ?? 1, what: "Initialise" };
  return failRunOnLastAttempt(deps, ref, attempt, async () => {
    const run = await deps.runs.get(ref);
    const started = await beginRun(deps, run);
    if (started === null) return "skipped";
    const { bounds, deadlineMs } = started;
    const now = deps.options.clock();
    const created = await initJobState(deps.redis, keysOf(run), {
      nowMs: now,
      deadlineMs,
      expireAtMs: deadlineMs + deps.options.inspectionTtlMs,
      batches: Math.max(0, bounds.length - 1),
      runId: run.runId,
      tool: run.tool,
      scope: run.scope.text,
    });
    if (created === "deadline") {
      await stopAndDiscard(deps, ref, "expired", "the deadline passed before Initialise finished");
      return "expired";
    }
    await deps.queues.scheduleDeadline(ref, deadlineMs);
    await deps.queues.addScanFlow(ref, bounds);
    return "started";
  });
}

/** Moves the run from queued to running with its plan, or returns the plan fixed before. */
async function beginRun(
  deps: PhaseDeps,
  run: LoadedRun,
): Promise<{ readonly bounds: readonly string[]; readonly deadlineMs: number } | null> {
  const db: Sql = deps.databases.sql(run.tenant);
  return db.begin(async (tx) => {
    const [row] = await tx<
      { state: string; maxRuntimeMs: number; bounds: string[] | null; deadlineAt: Date | null }[]
    >`
      SELECT state, max_runtime_ms AS "maxRuntimeMs", batch_bounds::text[] AS bounds, deadline_at AS "deadlineAt"
      FROM report_runs WHERE id = ${run.runId} FOR UPDATE`;
    if (!row) {
      throw new ReportError(
        "E_REPORT_RUN_NOT_FOUND",
        `report run ${run.runId} of tenant ${run.tenant} does not exist`,
      );
    }
    if (row.state === "running" && row.bounds && row.deadlineAt) {
      return { bounds: row.bounds, deadlineMs: row.deadlineAt.getTime() };
    }
    if (row.state !== "queued") return null;
    toolContext(deps, run); // this worker must know the tool and accept its parameters
    const plan = await planBatches(tx, run.scope, deps.options.batchSize);
    const now = deps.options.clock();
    const deadlineMs = now + row.maxRuntimeMs;
    await tx`
      UPDATE report_runs SET state = 'running', started_at = ${new Date(now)}, deadline_at = ${new Date(deadlineMs)},
        batch_bounds = ${plan.bounds as string[]}::bigint[], batches_total = ${Math.max(0, plan.bounds.length - 1)},
        issues_total = ${plan.issues}
      WHERE id = ${run.runId}`;
    return { bounds: plan.bounds, deadlineMs };
  });
}
