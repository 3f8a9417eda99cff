/**
 * The Redis keys of the report framework, built from redis/keys.ts's prefix and tenant
 * check. They live here rather than in redis/keys.ts because their parts (scope digest,
 * run id) are report concepts the Redis layer does not validate, and the store must not
 * import report code; the layout is documented in docs/reports.md.
 *
 *   subq:{<tenant>:rpt-<scope16>-<run>}:meta | acc | done | log   one slot per job
 *   subq:{<tenant>}:rpt:activity                                  the tenant's slot
 */
import { checkTenant, KEY_PREFIX } from "../../redis/keys.js";
import { ReportError } from "../errors.js";

export interface ReportJobKeys {
  /** Hash: state, runId, tool, scope, batches, deadlineMs, expireAtMs, startedAtMs, finishedAtMs. */
  readonly meta: string;
  /** Hash: merged counters, `<op>:<key>` → integer. */
  readonly acc: string;
  /** Set: indexes of the batches applied. */
  readonly done: string;
  /** Hash: batch index → "<durationMs> <issues> <attempt>". */
  readonly log: string;
}

const SCOPE_HASH = /^[0-9a-f]{16}$/;
const RUN_ID = /^[1-9][0-9]{0,18}$/;

/** The keys of one run's intermediate state: one hash tag per (tenant, scope, run). */
export function reportJobKeys(tenant: string, scopeDigest: string, runId: string): ReportJobKeys {
  if (!SCOPE_HASH.test(scopeDigest) || !RUN_ID.test(runId)) {
    throw new ReportError(
      "E_REPORT_STATE",
      `report job key parts must be a 16-digit hex scope digest and a run id, got "${scopeDigest}", "${runId}"`,
    );
  }
  const base = `${KEY_PREFIX}{${checkTenant(tenant)}:rpt-${scopeDigest}-${runId}}:`;
  return { meta: `${base}meta`, acc: `${base}acc`, done: `${base}done`, log: `${base}log` };
}

export function jobKeyList(keys: ReportJobKeys): [string, string, string, string] {
  return [keys.meta, keys.acc, keys.done, keys.log];
}

/** SCAN MATCH pattern for the intermediate state of every report job of a tenant. */
export function reportJobPattern(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}:rpt-*`;
}

/**
 * Hash of the tenant's report activity counters, which only grow: `r:<tool>:<scope16>`
 * (reads of a report) and `c:p<projectId>` / `c:all` (change events per project and in
 * total). Runs remember the counters they started from; the difference is "since".
 */
export function reportActivityKey(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:rpt:activity`;
}

/** String: the owner token of the refresh scheduler's current pass (one pass fleet-wide). */
export function schedulerLockKey(prefix: string): string {
  return `${KEY_PREFIX}{rpt-scheduler}:${encodeURIComponent(prefix)}:lock`;
}
