/**
 * The BullMQ side of a run: queue names, job ids and job data. Jobs carry references
 * only — tenant, run id, and for a scan batch its index and id range; a worker loads the
 * run (tool, canonical scope, parameters) from the tenant's database and compiles the
 * scope itself (phases/run-contexts.ts), so no SQL ever travels through Redis. Job ids
 * are derived from (tenant, run, batch): adding a job twice is a no-op in BullMQ, which
 * makes a retried Initialise safe.
 */

export const QUEUES = {
  init: "report-init",
  scan: "report-scan",
  finalise: "report-finalise",
  deadline: "report-deadline",
} as const;

export interface RunRef {
  readonly tenant: string;
  readonly runId: string;
}

export interface RunJobData {
  readonly run: RunRef;
}

export interface ScanJobData extends RunJobData {
  readonly index: number;
  /** Decimal issue ids: the batch is `lo <= id < hi`. */
  readonly lo: string;
  readonly hi: string;
}

export interface FinaliseJobData extends RunJobData {
  readonly batches: number;
}

/** BullMQ job ids: ':' is not allowed in them, tenant names have none. */
export const jobIds = {
  init: (run: RunRef) => `init-${run.tenant}-${run.runId}`,
  scan: (run: RunRef, index: number) => `scan-${run.tenant}-${run.runId}-${index}`,
  finalise: (run: RunRef) => `fin-${run.tenant}-${run.runId}`,
  deadline: (run: RunRef) => `deadline-${run.tenant}-${run.runId}`,
};
