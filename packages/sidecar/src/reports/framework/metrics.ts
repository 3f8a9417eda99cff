/**
 * Prometheus metrics of the report framework (prefix `subq_report_`). Created without a
 * registry they still count (tests read them); the server passes its registry so they are
 * exposed with the rest. Label values: tenant, tool, and a small fixed outcome set.
 */
import { Counter, Histogram, type Registry } from "prom-client";

/** Seconds: a batch takes milliseconds to seconds, a run seconds to an hour. */
const BATCH_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const RUN_SECONDS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** What a scan step ended with (store/job-state.ts ApplyOutcome kinds, plus a thrown error). */
export type BatchOutcome = "applied" | "duplicate" | "gone" | "stopped" | "deadline" | "failed";
/** What a run ended with. */
export type RunOutcome = "succeeded" | "superseded" | "duplicate" | "failed" | "expired";

export interface ReportMetrics {
  batch(tenant: string, tool: string, outcome: BatchOutcome, seconds: number, issues: number): void;
  run(tenant: string, tool: string, outcome: RunOutcome, seconds: number): void;
  scheduled(tenant: string, tool: string): void;
  /** The prom-client objects, for `registry.registerMetric` or reading in tests. */
  readonly handles: ReturnType<typeof createHandles>;
}

export function createReportMetrics(registry?: Registry): ReportMetrics {
  const handles = createHandles(registry ? [registry] : []);
  return {
    handles,
    batch(tenant, tool, outcome, seconds, issues) {
      handles.batches.inc({ tenant, tool, outcome });
      handles.batchDuration.observe({ tenant, tool, outcome }, seconds);
      if (outcome === "applied") handles.issuesScanned.inc({ tenant, tool }, issues);
    },
    run(tenant, tool, outcome, seconds) {
      handles.runs.inc({ tenant, tool, outcome });
      handles.runDuration.observe({ tenant, tool, outcome }, seconds);
    },
    scheduled(tenant, tool) {
      handles.scheduled.inc({ tenant, tool });
    },
  };
}

function createHandles(registers: Registry[]) {
  return {
    batches: new Counter({
      name: "subq_report_batches_total",
      help: "Scan batches by outcome (applied, duplicate: applied before, gone/stopped/deadline: run over, failed)",
      labelNames: ["tenant", "tool", "outcome"] as const,
      registers,
    }),
    batchDuration: new Histogram({
      name: "subq_report_batch_duration_seconds",
      help: "Duration of one scan batch (read, contribute, merge) by outcome",
      labelNames: ["tenant", "tool", "outcome"] as const,
      buckets: BATCH_SECONDS,
      registers,
    }),
    issuesScanned: new Counter({
      name: "subq_report_issues_scanned_total",
      help: "Issues read by scan batches that were applied",
      labelNames: ["tenant", "tool"] as const,
      registers,
    }),
    runs: new Counter({
      name: "subq_report_runs_total",
      help: "Finished runs by outcome (succeeded, superseded, duplicate finalise, failed, expired)",
      labelNames: ["tenant", "tool", "outcome"] as const,
      registers,
    }),
    runDuration: new Histogram({
      name: "subq_report_run_duration_seconds",
      help: "Duration of a run from Initialise to its end, by outcome",
      labelNames: ["tenant", "tool", "outcome"] as const,
      buckets: RUN_SECONDS,
      registers,
    }),
    scheduled: new Counter({
      name: "subq_report_scheduled_runs_total",
      help: "Runs started by the refresh scheduler",
      labelNames: ["tenant", "tool"] as const,
      registers,
    }),
  };
}
