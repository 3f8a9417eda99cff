/**
 * The plain Redis commands of the report framework, on keys built in ./keys.ts. The report
 * keys live outside redis/ (their parts are report concepts the store does not validate),
 * so their commands live here, the reports' store layer, rather than in redis/. The Lua
 * scripts of a run's state are called from job-state.ts, which gives their replies meaning.
 */
import { callScript, type RedisClient } from "../../redis/script-client.js";
import { jobKeyList, type ReportJobKeys, reportActivityKey, schedulerLockKey } from "./keys.js";

/** Deletes a run's intermediate state at once. */
export async function deleteJobKeys(client: RedisClient, keys: ReportJobKeys): Promise<void> {
  await client.del(...jobKeyList(keys));
}

export interface JobHashes {
  /** Empty when the state does not exist. */
  readonly meta: Readonly<Record<string, string>>;
  /** Batches applied (SCARD of the done set). */
  readonly done: number;
  /** Batch index → "<durationMs> <issues> <attempt>". */
  readonly log: Readonly<Record<string, string>>;
}

/** The meta and log hashes and the applied count of a run, as stored. */
export async function readJobHashes(client: RedisClient, keys: ReportJobKeys): Promise<JobHashes> {
  const [meta, done, log] = await Promise.all([
    client.hgetall(keys.meta),
    client.scard(keys.done),
    client.hgetall(keys.log),
  ]);
  return { meta, done, log };
}

/** The merged counters of a run as stored, `<op>:<key>` → integer text. */
export async function readJobAccumulator(
  client: RedisClient,
  keys: ReportJobKeys,
): Promise<Record<string, string>> {
  return client.hgetall(keys.acc);
}

/** The two meta fields a scan step checks before it touches the database; null when gone. */
export async function readJobProgress(
  client: RedisClient,
  keys: ReportJobKeys,
): Promise<{ readonly state: string | null; readonly deadlineMs: string | null }> {
  const [state = null, deadlineMs = null] = await client.hmget(keys.meta, "state", "deadlineMs");
  return { state, deadlineMs };
}

/**
 * Adds to activity counters (policy/activity.ts names them) in one MULTI, and lets the hash
 * live `ttlMs` after this write.
 */
export async function incrementActivity(
  client: RedisClient,
  tenant: string,
  increments: Iterable<readonly [field: string, by: number]>,
  ttlMs: number,
): Promise<void> {
  const key = reportActivityKey(tenant);
  const multi = client.multi();
  for (const [field, by] of increments) multi.hincrby(key, field, by);
  await multi.pexpire(key, ttlMs).exec();
}

/** Every activity counter of the tenant as stored; empty when none (or expired). */
export async function readActivityCounters(
  client: RedisClient,
  tenant: string,
): Promise<Record<string, string>> {
  return client.hgetall(reportActivityKey(tenant));
}

/**
 * Takes the scheduler's pass lock for `ttlMs` (one pass fleet-wide); false when another
 * process holds it. `client` must have the subq scripts defined (release runs one).
 */
export async function takeSchedulerLock(
  client: RedisClient,
  prefix: string,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  return (await client.set(schedulerLockKey(prefix), token, "PX", ttlMs, "NX")) === "OK";
}

/** Releases the pass lock if `token` still owns it (releaseLock-1.lua). */
export async function releaseSchedulerLock(
  client: RedisClient,
  prefix: string,
  token: string,
): Promise<void> {
  await callScript(client, "releaseLock", [schedulerLockKey(prefix)], [token]);
}
