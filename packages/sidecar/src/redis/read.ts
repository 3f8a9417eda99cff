/**
 * Reading a subscription: its state, version and optionally members (script
 * readSubscription, which also extends the idle expiry), and a plain HGETALL view of the
 * meta hash for refresh jobs and debugging.
 */

import type { ReplyContext } from "./errors.js";
import { checkRef, type SubscriptionRef, subscriptionKeys } from "./keys.js";
import { type DecodedMetadata, decodeMetadata } from "./metadata.js";
import { asArray, asInteger, asString, asStringArray, oneOf } from "./replies.js";
import { callScript, queueScript, type ScriptCall } from "./script-client.js";
import { now, type Store } from "./store.js";
import { checkPosition, type IssueId } from "./values.js";

export type SubscriptionState = "fresh" | "stale" | "tooLarge" | "populating" | "missing";

const STATES: readonly SubscriptionState[] = ["fresh", "stale", "tooLarge", "populating", "missing"];

export interface ReadOptions {
  /** Return the member ids too (fresh and stale states only). */
  readonly withMembers?: boolean;
  /**
   * Read the members inside the script: atomic, but the server converts them through Lua,
   * two to three times the cost of a plain SMEMBERS. By default an SMEMBERS and the version
   * after it are pipelined behind the script (same round trip) and used when the version
   * did not move in between; otherwise the read is repeated this way.
   */
  readonly atomicMembers?: boolean;
  /** A WAL position the caller wrote at; `positionSeen` says whether the cache has seen it. */
  readonly minPosition?: string;
  /** "<field>:<user>" of a personal query's searcher (personalEntry): read their personal version too. */
  readonly personal?: string;
}

export interface ReadResult {
  /** populating: no data yet and a populate holds the lock; missing: no data, no lock. */
  readonly state: SubscriptionState;
  /** 0 when the subscription does not exist. */
  readonly version: number;
  /** The dirty generation (0 when the subscription does not exist). */
  readonly gen: number;
  /** When the stored data was read from the database; null before the first commit. */
  readonly refreshedAt: number | null;
  /** Age of the stored data at this read, ms; null before the first commit. */
  readonly ageMs: number | null;
  /** Members stored; for tooLarge, at least maxMembers + 1. */
  readonly count: number;
  /** The WAL position the stored result saw, when known. */
  readonly position: string | null;
  /** True when no minPosition was given or the stored result saw it. */
  readonly positionSeen: boolean;
  /** Present when requested and the state is fresh or stale. */
  readonly members?: readonly IssueId[];
  /** The personal version of `personal`, read with the rest; the version without it. */
  readonly personalVersion: number;
}

/**
 * One round trip: the read script and, with `withMembers`, an SMEMBERS and the version after
 * it, pipelined (all keys are in the subscription's slot). Every change of a member set
 * bumps the version, so an unchanged version proves the members belong to the state read;
 * if it moved, the members are read inside the script (`atomicMembers`).
 */
export async function readSubscription(
  store: Store,
  ref: SubscriptionRef,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const keys = subscriptionKeys(checkRef(ref));
  const minPosition =
    options.minPosition === undefined ? "" : checkPosition(options.minPosition, "minPosition");
  const at = now(store);
  const context = { script: "readSubscription", tenant: ref.tenant, subscriptionId: ref.id };
  const { idleTtlMs, stalenessBoundMs, readTouchIntervalMs } = store.options;
  const withMembers = options.withMembers === true;
  const atomic = withMembers && options.atomicMembers === true;
  const call: ScriptCall = {
    name: "readSubscription",
    keys: [keys.meta, keys.members, keys.lock, keys.personal],
    args: [
      at,
      idleTtlMs,
      stalenessBoundMs,
      atomic ? Number.MAX_SAFE_INTEGER : -1,
      minPosition,
      readTouchIntervalMs,
      options.personal ?? "",
    ],
  };
  if (!withMembers || atomic) {
    return parseRead(
      await callScript(store.client, call.name, call.keys, call.args),
      at,
      withMembers,
      context,
    );
  }
  const pipeline = store.client.pipeline();
  queueScript(pipeline, call);
  const replies = ((await pipeline.smembers(keys.members).hget(keys.meta, "version").exec()) ?? []).map(
    ([error, reply]) => {
      if (error) throw error;
      return reply;
    },
  );
  const result = parseRead(replies[0], at, false, context);
  if (result.state !== "fresh" && result.state !== "stale") return result;
  if (replies[2] === String(result.version))
    return { ...result, members: asStringArray(replies[1], context) };
  return readSubscription(store, ref, { ...options, atomicMembers: true });
}

function parseRead(reply: unknown, at: number, withMembers: boolean, context: ReplyContext): ReadResult {
  const [state, version, gen, refreshedAt, count, position, seen, included, members, personal] = asArray(
    reply,
    10,
    context,
  );
  const populated = refreshedAt !== 0;
  const result: ReadResult = {
    state: oneOf(state, STATES, context),
    version: asInteger(version, context),
    gen: asInteger(gen, context),
    refreshedAt: populated ? asInteger(refreshedAt, context) : null,
    ageMs: populated ? Math.max(0, at - asInteger(refreshedAt, context)) : null,
    count: asInteger(count, context),
    position: asString(position, context) === "" ? null : (position as string),
    positionSeen: asInteger(seen, context) === 1,
    personalVersion: asInteger(personal, context),
  };
  if (!withMembers || asInteger(included, context) !== 1) return result;
  return { ...result, members: asStringArray(members, context) };
}

/** The meta hash as stored (HGETALL), typed; undefined when it does not exist. */
export interface SubscriptionMeta {
  readonly version: number;
  readonly gen: number;
  readonly seq: number;
  readonly stale: boolean;
  readonly tooLarge: boolean;
  readonly count: number;
  readonly createdAt: number;
  /** Null while pending (a populate has not committed). */
  readonly refreshedAt: number | null;
  readonly committedAt: number | null;
  readonly lastReadAt: number | null;
  readonly dataGen: number | null;
  readonly position: string | null;
  readonly stage1: string | null;
  readonly metadata: DecodedMetadata | null;
}

export async function readMeta(store: Store, ref: SubscriptionRef): Promise<SubscriptionMeta | undefined> {
  const keys = subscriptionKeys(checkRef(ref));
  const hash = await store.client.hgetall(keys.meta);
  if (hash.version === undefined) return undefined;
  const context = { script: "HGETALL", tenant: ref.tenant, subscriptionId: ref.id };
  const int = (value: string | undefined) => (value === undefined ? null : asInteger(value, context));
  return {
    version: asInteger(hash.version, context),
    gen: asInteger(hash.gen, context),
    seq: asInteger(hash.seq, context),
    stale: hash.stale === "1",
    tooLarge: hash.tooLarge === "1",
    count: asInteger(hash.count ?? "0", context),
    createdAt: asInteger(hash.createdAt, context),
    refreshedAt: int(hash.refreshedAt),
    committedAt: int(hash.committedAt),
    lastReadAt: int(hash.lastReadAt),
    dataGen: int(hash.dataGen),
    position: hash.position ?? null,
    stage1: hash.stage1 ?? null,
    metadata: hash.metadata === undefined ? null : decodeMetadata(hash.metadata),
  };
}
