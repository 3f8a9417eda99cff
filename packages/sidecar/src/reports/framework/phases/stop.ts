/**
 * Stopping a run for good (deadline passed, a phase failed on its last attempt, state
 * lost): the run row moves to expired or failed if it was still queued or running, and
 * then — only then — its Redis state is deleted, so a run that committed meanwhile keeps
 * its inspection state. Needs only the run's reference: it must work when the run
 * cannot be loaded (its scope no longer resolves, its tool is unknown here).
 */

import { scopeHash } from "../../contract/scope.js";
import { discardJobState } from "../../store/job-state.js";
import { reportJobKeys } from "../../store/keys.js";
import { stopRun } from "../../store/run-records.js";
import { jobIds, type RunRef } from "../jobs.js";
import type { PhaseDeps } from "./deps.js";

export async function stopAndDiscard(
  deps: PhaseDeps,
  run: RunRef,
  state: "failed" | "expired",
  reason: string,
  /** The deadline job stops the run: it is running, so there is no deadline job to drop. */
  { byDeadlineJob = false }: { readonly byDeadlineJob?: boolean } = {},
): Promise<boolean> {
  const stopped = await stopRun(deps.databases.sql(run.tenant), run.runId, state, reason);
  if (stopped === null) return false;
  await discardJobState(deps.redis, reportJobKeys(run.tenant, scopeHash(stopped.scope), run.runId));
  if (!byDeadlineJob) await dropDeadline(deps, run);
  deps.metrics.run(run.tenant, stopped.tool, state, stopped.seconds);
  return true;
}

/** Removes the run's delayed deadline job (it would find the run over anyway); best effort. */
export async function dropDeadline(deps: PhaseDeps, run: RunRef): Promise<void> {
  await deps.queues.deadline
    .remove(jobIds.deadline(run))
    .catch((error: unknown) => deps.onError(asError(error)));
}

/** Runs `work`; when it throws on the job's last attempt, the run fails with the error. */
export async function failRunOnLastAttempt<T>(
  deps: PhaseDeps,
  run: RunRef,
  attempt: { readonly made: number; readonly max: number; readonly what: string },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (attempt.made + 1 >= attempt.max) {
      const reason = `${attempt.what} failed ${attempt.max} times; last error: ${messageOf(error)}`;
      await stopAndDiscard(deps, run, "failed", reason).catch((cause: unknown) =>
        deps.onError(asError(cause)),
      );
    }
    throw error;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
