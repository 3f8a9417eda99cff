/**
 * What getRun answers: the run row, with live progress from its Redis state while it
 * runs (batches applied so far, issues read, batch durations) and the stored totals after.
 */
import type { RedisClient } from "../../redis/script-client.js";
import { scopeHash } from "../contract/scope.js";
import { batchStats, issuesIn } from "../framework/batch-stats.js";
import { readJobSnapshot } from "../store/job-state.js";
import { reportJobKeys } from "../store/keys.js";
import type { BatchStats, RunRecord, RunState, RunTrigger } from "../store/run-records.js";

export interface RunView {
  readonly id: string;
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly trigger: RunTrigger;
  readonly state: RunState;
  readonly asOf: string;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly deadlineAt: string | null;
  readonly finishedAt: string | null;
  readonly progress: {
    readonly batchesDone: number;
    readonly batchesTotal: number | null;
    readonly issuesScanned: number;
    readonly issuesTotal: number | null;
  };
  readonly batches: BatchStats | null;
  readonly error: string | null;
  /** True when the request joined a run already queued or running with the same parameters. */
  readonly coalesced: boolean;
}

export async function runView(redis: RedisClient, run: RunRecord, coalesced = false): Promise<RunView> {
  let progress = {
    batchesDone: run.batchesDone,
    batchesTotal: run.batchesTotal,
    issuesScanned: run.issuesScanned,
    issuesTotal: run.issuesTotal,
  };
  let batches = run.batchStats;
  if (run.state === "running") {
    const snapshot = await readJobSnapshot(redis, reportJobKeys(run.tenant, scopeHash(run.scope), run.id));
    progress = { ...progress, batchesDone: snapshot.done, issuesScanned: issuesIn(snapshot.log) };
    batches = batchStats(snapshot.log);
  }
  return {
    id: run.id,
    tenant: run.tenant,
    tool: run.tool,
    scope: run.scope,
    params: run.params,
    trigger: run.trigger,
    state: run.state,
    asOf: run.asOf.toISOString(),
    requestedAt: run.requestedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    deadlineAt: run.deadlineAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    progress,
    batches,
    error: run.error,
    coalesced,
  };
}
