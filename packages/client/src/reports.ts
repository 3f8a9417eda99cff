/**
 * The report calls of the client: start a run, read a run, read a scope's latest report,
 * and wait for a run to end. Starting a run is retried like a read only when it coalesces
 * (the default): a repeated request then joins the run the first one started, or at
 * worst starts a second run of the same report, which supersedes nothing it should not.
 */
import { callObject } from "./call.js";
import { sleep } from "./deadline.js";
import { SubqTimeoutError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { tenantPath, withQuery } from "./paths.js";
import type { Report, ReportRun, ReportRunRequest, ReportRunState } from "./report-types.js";
import type { CallOptions } from "./types.js";

export interface WaitForRunOptions extends CallOptions {
  /** How often to ask. Default 1 000 ms. */
  readonly intervalMs?: number;
  /** Give up (E_TIMEOUT) after this long in all. Default 10 min. */
  readonly waitMs?: number;
  /** Called with every answer, e.g. to show progress. */
  readonly onProgress?: (run: ReportRun) => void;
}

export interface ReportCalls {
  /** `POST …/reports/:tool/runs`: the run, queued (or the run in progress it joined). */
  runReport(tool: string, request: ReportRunRequest, options?: CallOptions): Promise<ReportRun>;
  /** `GET …/reports/:tool/runs/:id`: state, progress, batch durations, error. */
  reportRun(tool: string, runId: string, options?: CallOptions): Promise<ReportRun>;
  /** `GET …/reports/:tool?scope=`: the latest report with its age and staleness. */
  report(tool: string, scope: string, options?: CallOptions): Promise<Report>;
  /** Asks for the run until it has ended (succeeded, failed, expired or superseded). */
  waitForReportRun(tool: string, runId: string, options?: WaitForRunOptions): Promise<ReportRun>;
}

const ENDED: readonly ReportRunState[] = ["succeeded", "failed", "expired", "superseded"];
const RUN_FIELDS = { id: "string", state: "string", progress: "object" } as const;

export function reportCalls(options: ResolvedOptions): ReportCalls {
  const path = (...segments: string[]) => tenantPath(options.tenant, ...segments);
  const calls: ReportCalls = {
    runReport: (tool, request, call) =>
      callObject(
        options,
        {
          method: "POST",
          path: path("reports", tool, "runs"),
          body: runBody(request),
          idempotent: request.coalesce !== false,
        },
        call,
        RUN_FIELDS,
      ),
    reportRun: (tool, runId, call) =>
      callObject(
        options,
        { method: "GET", path: path("reports", tool, "runs", runId), idempotent: true },
        call,
        RUN_FIELDS,
      ),
    report: (tool, scope, call) =>
      callObject(
        options,
        { method: "GET", path: withQuery(path("reports", tool), { scope }), idempotent: true },
        call,
        { runId: "string", entities: "array", summary: "object", staleness: "object" },
      ),
    async waitForReportRun(tool, runId, wait = {}) {
      const { intervalMs = 1_000, waitMs = 600_000, onProgress, signal } = wait;
      const label = `wait for report run ${runId}`;
      const giveUpAt = Date.now() + waitMs;
      for (;;) {
        const run = await calls.reportRun(tool, runId, wait);
        onProgress?.(run);
        if (ENDED.includes(run.state)) return run;
        if (Date.now() + intervalMs > giveUpAt) {
          throw new SubqTimeoutError(
            "E_TIMEOUT",
            `${label}: still ${run.state} after ${waitMs} ms (${run.progress.batchesDone} of ${run.progress.batchesTotal ?? "?"} batches); are report workers running?`,
            { request: label },
          );
        }
        await sleep(intervalMs, signal, label);
      }
    },
  };
  return calls;
}

/** Only the fields the server knows: it refuses unknown ones. */
function runBody(request: ReportRunRequest): Record<string, unknown> {
  return {
    scope: request.scope,
    params: request.params,
    asOf: request.asOf,
    maxRuntimeMs: request.maxRuntimeMs,
    coalesce: request.coalesce,
  };
}
