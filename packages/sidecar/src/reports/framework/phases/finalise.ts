/**
 * Finalise: BullMQ starts it once every scan batch completed. It checks the run is still
 * going and whole (every batch applied, deadline not passed), lets the tool build the rows
 * from the merged state, and commits them in one transaction (store/report-commit.ts decides:
 * committed, duplicate, superseded or stopped). The Redis state then stays for the
 * inspection time, and the run's deadline job is dropped.
 */
import type { Job } from "bullmq";
import { mergedState } from "../../contract/contribution.js";
import { finishJobState, readJobSnapshot, readMergedFields } from "../../store/job-state.js";
import { commitReport } from "../../store/report-commit.js";
import { batchStats, issuesIn } from "../batch-stats.js";
import type { FinaliseJobData } from "../jobs.js";
import type { RunOutcome } from "../metrics.js";
import { checkRows } from "../report-rows.js";
import { keysOf, type PhaseDeps, toolContext } from "./deps.js";
import { dropDeadline, failRunOnLastAttempt, stopAndDiscard } from "./stop.js";

export type FinaliseOutcome = RunOutcome | "stopped";

export async function finalise(deps: PhaseDeps, job: Job<FinaliseJobData>): Promise<FinaliseOutcome> {
  const { run: ref, batches } = job.data;
  const attempt = { made: job.attemptsMade, max: job.opts.attempts ?? 1, what: "Finalise" };
  return failRunOnLastAttempt(deps, ref, attempt, async () => {
    const run = await deps.runs.get(ref);
    const keys = keysOf(run);
    const snapshot = await readJobSnapshot(deps.redis, keys);
    const meta = snapshot.meta;
    if (meta === null) {
      const lost =
        "its intermediate state is gone from Redis (evicted? Redis needs maxmemory-policy noeviction)";
      // Stopped before (deadline, failure), or a late duplicate after the inspection time.
      return (await stopAndDiscard(deps, ref, "failed", lost)) ? "failed" : "stopped";
    }
    if (meta.state !== "running") return "duplicate";
    if (deps.options.clock() > Number(meta.deadlineMs)) {
      const late = `the deadline passed after ${snapshot.done} of ${batches} batches`;
      return (await stopAndDiscard(deps, ref, "expired", late)) ? "expired" : "stopped";
    }
    if (snapshot.done !== batches) {
      const partial = `only ${snapshot.done} of ${batches} batches reached the state; rerun the report`;
      return (await stopAndDiscard(deps, ref, "failed", partial)) ? "failed" : "stopped";
    }
    const db = deps.databases.sql(run.tenant);
    const { tool, context } = toolContext(deps, run);
    const merged = mergedState(await readMergedFields(deps.redis, keys));
    const issuesScanned = issuesIn(snapshot.log);
    const rows = checkRows(run.tool, await tool.finalise(merged, { ...context, db, issuesScanned }));
    const committed = await commitReport(db, {
      runId: run.runId,
      tenant: run.tenant,
      tool: run.tool,
      scope: run.scope.text,
      rows,
      issuesScanned,
      batchesDone: snapshot.done,
      stats: batchStats(snapshot.log),
    });
    if (committed === "stopped") return "stopped";
    const now = deps.options.clock();
    const state = committed === "superseded" ? "superseded" : "succeeded";
    await finishJobState(deps.redis, keys, { nowMs: now, state, ttlMs: deps.options.inspectionTtlMs });
    await dropDeadline(deps, ref);
    const outcome = committed === "committed" ? "succeeded" : committed;
    deps.metrics.run(run.tenant, run.tool, outcome, (now - Number(meta.startedAtMs)) / 1000);
    return outcome;
  });
}
