/**
 * A run's intermediate state in Redis (the fast, ephemeral tier): created once by
 * Initialise, merged into by scan steps, read by Finalise, then kept for inspection or
 * discarded. Each function is one script call (whose reply it maps) or one read through
 * redis-state.ts (whose hashes it parses).
 */
import { REPLY_CODES } from "../../redis/errors.js";
import { callScript, type RedisClient } from "../../redis/script-client.js";
import { type Contribution, encodeContribution, parseMergedFields } from "../contract/contribution.js";
import { ReportError } from "../errors.js";
import { jobKeyList, type ReportJobKeys } from "./keys.js";
import { deleteJobKeys, readJobAccumulator, readJobHashes } from "./redis-state.js";

export interface InitJob {
  readonly nowMs: number;
  readonly deadlineMs: number;
  readonly expireAtMs: number;
  readonly batches: number;
  readonly runId: string;
  readonly tool: string;
  readonly scope: string;
}

/** "created", "exists" (a retried Initialise), or "deadline" (too late to start). */
export async function initJobState(
  client: RedisClient,
  keys: ReportJobKeys,
  job: InitJob,
): Promise<"created" | "exists" | "deadline"> {
  const args = [job.nowMs, job.deadlineMs, job.expireAtMs, job.batches, job.runId, job.tool, job.scope];
  const reply = integer(await callScript(client, "initReportJob", jobKeyList(keys), args), "initReportJob");
  if (reply < 0)
    return outcomeOf(reply, "initReportJob") === "deadline" ? "deadline" : unexpected(reply, "initReportJob");
  return reply === 1 ? "created" : "exists";
}

export type ApplyOutcome =
  | { readonly kind: "applied"; readonly done: number }
  /** Applied before (a retry after a lost acknowledgement, or a duplicate job). */
  | { readonly kind: "duplicate" }
  /** The state is gone (discarded after a deadline or failure, or expired). */
  | { readonly kind: "gone" }
  /** The run is no longer running. */
  | { readonly kind: "stopped" }
  | { readonly kind: "deadline" };

/** The report scripts' negative replies (REPLY_CODES, the one table) as outcomes. */
const OUTCOMES: Readonly<Record<string, "gone" | "stopped" | "deadline">> = {
  E_REPORT_JOB_GONE: "gone",
  E_REPORT_NOT_RUNNING: "stopped",
  E_REPORT_DEADLINE: "deadline",
};

function outcomeOf(reply: number, script: string): "gone" | "stopped" | "deadline" {
  return OUTCOMES[REPLY_CODES[reply]?.code ?? ""] ?? unexpected(reply, script);
}

function unexpected(reply: number, script: string): never {
  throw new ReportError(
    "E_REPORT_STATE",
    `${script} answered ${reply}; are the Lua scripts and this build from the same version?`,
  );
}

export async function applyBatchState(
  client: RedisClient,
  keys: ReportJobKeys,
  batch: {
    readonly nowMs: number;
    readonly index: number;
    readonly log: string;
    readonly contribution: Contribution;
  },
): Promise<ApplyOutcome> {
  const args = [batch.nowMs, batch.index, batch.log, ...encodeContribution(batch.contribution)];
  const reply = integer(
    await callScript(client, "applyReportBatch", jobKeyList(keys), args),
    "applyReportBatch",
  );
  if (reply < 0) return { kind: outcomeOf(reply, "applyReportBatch") };
  return reply === 0 ? { kind: "duplicate" } : { kind: "applied", done: reply };
}

/** Marks the state finished and lets it live `ttlMs` more for inspection; false when already gone. */
export async function finishJobState(
  client: RedisClient,
  keys: ReportJobKeys,
  finish: { readonly nowMs: number; readonly state: string; readonly ttlMs: number },
): Promise<boolean> {
  const args = [finish.nowMs, finish.state, finish.ttlMs];
  const reply = integer(
    await callScript(client, "finishReportJob", jobKeyList(keys), args),
    "finishReportJob",
  );
  if (reply === 1) return true;
  return outcomeOf(reply, "finishReportJob") === "gone" ? false : unexpected(reply, "finishReportJob");
}

/** Deletes the state at once (a run stopped by its deadline or a failure keeps nothing). */
export async function discardJobState(client: RedisClient, keys: ReportJobKeys): Promise<void> {
  await deleteJobKeys(client, keys);
}

export interface JobSnapshot {
  /** Null when the state does not exist (not started, discarded or expired). */
  readonly meta: Readonly<Record<string, string>> | null;
  readonly done: number;
  /** Batch index → [durationMs, issues, attempt]. */
  readonly log: ReadonlyMap<number, readonly [number, number, number]>;
}

export async function readJobSnapshot(client: RedisClient, keys: ReportJobKeys): Promise<JobSnapshot> {
  const { meta, done, log } = await readJobHashes(client, keys);
  const entries = new Map<number, readonly [number, number, number]>();
  for (const [index, entry] of Object.entries(log)) {
    const [ms = 0, issues = 0, attempt = 1] = entry.split(" ").map(Number);
    entries.set(Number(index), [ms, issues, attempt]);
  }
  return { meta: Object.keys(meta).length === 0 ? null : meta, done, log: entries };
}

/** Every merged counter of the run (Finalise). */
export async function readMergedFields(
  client: RedisClient,
  keys: ReportJobKeys,
): Promise<Map<string, number>> {
  return parseMergedFields(await readJobAccumulator(client, keys));
}

/** The script's integer reply (negative codes included: each caller maps its own). */
function integer(reply: unknown, script: string): number {
  if (typeof reply !== "number" || !Number.isSafeInteger(reply)) {
    throw new ReportError(
      "E_REPORT_STATE",
      `${script} answered ${JSON.stringify(reply)}; are the Lua scripts and this build from the same version?`,
    );
  }
  return reply;
}
