/**
 * A scan step: read one keyset batch, let the tool compute its contribution, merge it
 * into the run's Redis state at most once (applyReportBatch-4.lua). Before touching the
 * database it checks that the run is still going, so the batches of a stopped run drain
 * at the cost of one Redis read each.
 *
 * A throw is retried by BullMQ with backoff; on the last attempt the run fails (and its
 * state is discarded) before the failure reaches BullMQ, which then fails the parent.
 */
import type { Job } from "bullmq";
import { createContribution } from "../../contract/contribution.js";
import { type ApplyOutcome, applyBatchState } from "../../store/job-state.js";
import { readJobProgress } from "../../store/redis-state.js";
import { readIssueBatch } from "../issue-batch.js";
import type { ScanJobData } from "../jobs.js";
import { keysOf, type PhaseDeps, toolContext } from "./deps.js";
import { failRunOnLastAttempt } from "./stop.js";

export async function scanStep(deps: PhaseDeps, job: Job<ScanJobData>): Promise<ApplyOutcome["kind"]> {
  const { run: ref, index, lo, hi } = job.data;
  const started = performance.now();
  const attempt = { made: job.attemptsMade, max: job.opts.attempts ?? 1, what: `scan batch ${index}` };
  const seconds = () => (performance.now() - started) / 1000;
  let issues = 0;
  let tool = "unknown";
  try {
    const outcome = await failRunOnLastAttempt(deps, ref, attempt, async () => {
      const run = await deps.runs.get(ref);
      tool = run.tool;
      const keys = keysOf(run);
      const { state, deadlineMs } = await readJobProgress(deps.redis, keys);
      if (state === null) return "gone";
      if (state !== "running") return "stopped";
      const now = deps.options.clock();
      if (now > Number(deadlineMs)) return "deadline";
      const { tool: report, context } = toolContext(deps, run);
      const rows = await readIssueBatch(deps.databases.sql(run.tenant), run.scope, report.facets, { lo, hi });
      issues = rows.length;
      const out = createContribution();
      report.contribute(rows, context, out);
      const log = `${Math.round(performance.now() - started)} ${rows.length} ${job.attemptsMade + 1}`;
      const applied = await applyBatchState(deps.redis, keys, {
        nowMs: deps.options.clock(),
        index,
        log,
        contribution: out.build(),
      });
      return applied.kind;
    });
    deps.metrics.batch(ref.tenant, tool, outcome, seconds(), issues);
    return outcome;
  } catch (error) {
    deps.metrics.batch(ref.tenant, tool, "failed", seconds(), issues);
    throw error;
  }
}
