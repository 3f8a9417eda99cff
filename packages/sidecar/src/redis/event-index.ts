/**
 * The tenant's event index: which subscriptions an issue event may affect.
 *
 * Each subscription is registered under ONE of its constrained metadata fields, the most
 * selective one in `indexFields` order (project > issuetype > status > sprint), once per
 * allowed value, or under the tenant's `all` set when it constrains none. An event looks up
 * the sets of every before/after value of every indexed field, plus `all`, and the caller
 * checks each candidate's full metadata (`eventMatches`).
 *
 * Index sets are sorted sets scored by entry expiry. Registration happens when a populate or
 * refresh starts, valid for the staleness bound plus a margin: a subscription's data counts
 * as fresh only for the staleness bound after its refresh started, so its entry outlives its
 * freshness, and stale data needs no events. Lookups skip and drop expired entries; callers
 * drop subscriptions that markStale reports missing.
 */
import { checkRef, checkTenant, indexAllKey, indexKey, type SubscriptionRef } from "./keys.js";
import { type DecodedMetadata, metadataValues, type SubscriptionMetadata } from "./metadata.js";
import { asArray, asInteger, asStringArray } from "./replies.js";
import { callScripts } from "./script-client.js";
import { now, type Store } from "./store.js";
import { checkTimestamp } from "./values.js";

export interface IndexPlacement {
  /** The field the subscription is indexed under; null for the `all` set. */
  readonly field: string | null;
  readonly keys: readonly string[];
}

/** Where a subscription with this metadata is registered. */
export function indexPlacement(store: Store, tenant: string, metadata: SubscriptionMetadata): IndexPlacement {
  const field = store.options.indexFields.find((name) => metadata[name] !== undefined);
  if (field === undefined) return { field: null, keys: [indexAllKey(tenant)] };
  return { field, keys: metadataValues(metadata, field).map((value) => indexKey(tenant, field, value)) };
}

export interface Registration extends IndexPlacement {
  /** When the entries stop matching, ms. */
  readonly expiresAt: number;
  /** Entries that were new (the others existed and at most moved their expiry later). */
  readonly added: number;
}

export interface RegisterOptions {
  /** Default: now + stalenessBoundMs + indexMarginMs. */
  readonly expiresAt?: number;
}

/**
 * Registers (or re-registers) a subscription. Call it before a populate or refresh query,
 * after taking the `refreshedAt` you will commit, so the entry outlives the data's freshness.
 */
export async function registerSubscription(
  store: Store,
  ref: SubscriptionRef,
  metadata: SubscriptionMetadata,
  options: RegisterOptions = {},
): Promise<Registration> {
  checkRef(ref);
  const at = now(store);
  const { stalenessBoundMs, indexMarginMs } = store.options;
  const expiresAt = checkTimestamp(options.expiresAt ?? at + stalenessBoundMs + indexMarginMs, "expiresAt");
  const placement = indexPlacement(store, ref.tenant, metadata);
  const keyTtl = Math.max(1, expiresAt - at + indexMarginMs);
  const replies = await callScripts(
    store.client,
    placement.keys.map((key) => ({
      name: "addIndexEntry",
      keys: [key],
      args: [ref.id, expiresAt, at, keyTtl],
    })),
  );
  const context = { script: "addIndexEntry", tenant: ref.tenant, subscriptionId: ref.id };
  const added = replies.reduce<number>((sum, reply) => sum + asInteger(reply, context), 0);
  return { ...placement, expiresAt, added };
}

/** Removes a subscription from the sets its metadata places it in. */
export async function unregisterSubscription(
  store: Store,
  ref: SubscriptionRef,
  metadata: SubscriptionMetadata,
): Promise<void> {
  await dropFromIndex(store, ref.tenant, indexPlacement(store, checkRef(ref).tenant, metadata).keys, [
    ref.id,
  ]);
}

/** The issue's values of the indexed fields before and after a change (absent: created / deleted). */
export interface IssueEvent {
  readonly before?: SubscriptionMetadata;
  readonly after?: SubscriptionMetadata;
}

export interface Candidates {
  readonly ids: readonly string[];
  /** The sets looked up (pass them to dropFromIndex with the ids markStale reports missing). */
  readonly keys: readonly string[];
  /** Expired entries dropped by this lookup. */
  readonly dropped: number;
}

/**
 * Candidate subscriptions for an event. The event must carry the values of every indexed
 * field (before and after) that the issue has, or subscriptions indexed by it are missed.
 */
export async function lookupCandidates(store: Store, tenant: string, event: IssueEvent): Promise<Candidates> {
  checkTenant(tenant);
  const keys = new Set<string>();
  for (const snapshot of [event.before, event.after]) {
    if (snapshot === undefined) continue;
    for (const field of store.options.indexFields) {
      // An issue may have no value (no sprint): nothing to look up for that field.
      for (const value of snapshot[field] ?? []) keys.add(indexKey(tenant, field, String(value)));
    }
  }
  keys.add(indexAllKey(tenant));
  const at = now(store);
  const list = [...keys];
  const replies = await callScripts(
    store.client,
    list.map((key) => ({ name: "lookupIndex", keys: [key], args: [at] })),
  );
  const ids = new Set<string>();
  let dropped = 0;
  for (const [index, reply] of replies.entries()) {
    const context = { script: "lookupIndex", tenant, key: list[index] };
    const [count, members] = asArray(reply, 2, context);
    dropped += asInteger(count, context);
    for (const id of asStringArray(members, context)) ids.add(id);
  }
  return { ids: [...ids].sort(), keys: list, dropped };
}

/** Removes subscriptions from index sets (plain ZREM: nothing to keep atomic); how many entries went. */
export async function dropFromIndex(
  store: Store,
  tenant: string,
  keys: readonly string[],
  ids: readonly string[],
): Promise<number> {
  checkTenant(tenant);
  if (ids.length === 0) return 0;
  const removed = await Promise.all(keys.map((key) => store.client.zrem(key, ...ids)));
  return removed.reduce((sum, n) => sum + n, 0);
}

/**
 * Whether an event can affect a subscription with this metadata: the issue before or after
 * the change satisfies every constrained field (a field the event does not carry cannot
 * rule the subscription out).
 */
export function eventMatches(metadata: DecodedMetadata, event: IssueEvent): boolean {
  const satisfies = (snapshot: SubscriptionMetadata) =>
    Object.entries(metadata).every(([field, allowed]) => {
      const values = snapshot[field];
      return values === undefined || values.some((value) => allowed.includes(String(value)));
    });
  return [event.before, event.after].some((snapshot) => snapshot !== undefined && satisfies(snapshot));
}
