/**
 * The shapes of the pre-computed report API (docs/reports.md), written by hand from the
 * sidecar's reports/api/run-view.ts and reports/api/report-view.ts like types.ts is from the
 * engine's; the end-to-end test keeps them in step.
 */

/** `queued → running → succeeded | superseded | failed | expired`. */
export type ReportRunState = "queued" | "running" | "succeeded" | "failed" | "expired" | "superseded";

export interface ReportRunRequest {
  /** `project:<KEY>`, `jql:<static query>` or `tenant`. */
  readonly scope: string;
  /** The tool's parameters, e.g. `{ days: 90 }`. */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  /** The run's "now" (ISO 8601); windows end here. Default: when the run is requested. */
  readonly asOf?: string;
  /** Stop the run this long after it starts; at most the sidecar's limit. */
  readonly maxRuntimeMs?: number;
  /** Join a run of the same report and parameters in progress. Default true. */
  readonly coalesce?: boolean;
}

export interface ReportBatchStats {
  readonly count: number;
  /** Batches that needed more than one attempt. */
  readonly retried: number;
  readonly totalMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface ReportRun {
  readonly id: string;
  readonly tenant: string;
  readonly tool: string;
  /** The canonical scope (`project:foo` comes back as `project:FOO`). */
  readonly scope: string;
  /** As stored: complete, with the tool's defaults. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly trigger: "adhoc" | "scheduled";
  readonly state: ReportRunState;
  readonly asOf: string;
  readonly requestedAt: string;
  readonly startedAt: string | null;
  readonly deadlineAt: string | null;
  readonly finishedAt: string | null;
  /** Live while the run is running, final after. */
  readonly progress: {
    readonly batchesDone: number;
    readonly batchesTotal: number | null;
    readonly issuesScanned: number;
    readonly issuesTotal: number | null;
  };
  readonly batches: ReportBatchStats | null;
  /** Why the run failed or expired. */
  readonly error: string | null;
  /** True when the request joined a run already in progress. */
  readonly coalesced: boolean;
}

export interface ReportEntity {
  readonly entityType: string;
  readonly entityId: string;
  /** The `unused` metric as a boolean; null when the tool gives no verdict. */
  readonly unused: boolean | null;
  /** Why, in words. */
  readonly note: string | null;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface Report {
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  /** The run whose rows these are. */
  readonly runId: string;
  /** When the data was read (the run's start). */
  readonly computedAt: string;
  readonly ageMs: number;
  readonly staleness: {
    readonly stale: boolean;
    readonly reason: string;
    readonly changesSinceRefresh: number;
    readonly readsSinceRefresh: number;
  };
  /** The scope's summary metrics (issue counts, window, number unused). */
  readonly summary: Readonly<Record<string, number>>;
  readonly entities: readonly ReportEntity[];
}
