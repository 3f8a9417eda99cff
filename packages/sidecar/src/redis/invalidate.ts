/**
 * Changes driven by events: mark subscriptions stale (script markStale, pipelined for a
 * batch), patch one issue in or out of a member set (setMembership), bump a version
 * (bumpVersion). Each publishes the new version on the tenant's channel.
 */

import { badReply, replyError } from "./errors.js";
import {
  checkRef,
  checkSubscriptionId,
  checkTenant,
  type SubscriptionRef,
  subscriptionKeys,
  versionChannel,
} from "./keys.js";
import { asArray, asInteger } from "./replies.js";
import { callScript, callScripts, type ScriptCall } from "./script-client.js";
import { now, type Store } from "./store.js";
import { type IssueIdInput, toIssueId } from "./values.js";

export type MarkStaleResult =
  | { readonly id: string; readonly outcome: "marked"; readonly version: number }
  /** The subscription expired: drop it from the event index (dropFromIndex). */
  | { readonly id: string; readonly outcome: "missing" };

/** Marks one subscription stale; returns the new version. Throws E_SUBSCRIPTION_MISSING. */
export async function markStale(store: Store, ref: SubscriptionRef): Promise<number> {
  const [result] = await markStaleMany(store, ref.tenant, [ref.id]);
  if (result?.outcome !== "marked") {
    throw replyError(-1, { script: "markStale", tenant: ref.tenant, subscriptionId: ref.id });
  }
  return result.version;
}

/** Marks a batch of one tenant's subscriptions stale in one round trip. */
export async function markStaleMany(
  store: Store,
  tenant: string,
  ids: readonly string[],
): Promise<MarkStaleResult[]> {
  const channel = versionChannel(checkTenant(tenant));
  const at = now(store);
  const calls: ScriptCall[] = ids.map((id) => ({
    name: "markStale",
    keys: [subscriptionKeys({ tenant, id: checkSubscriptionId(id) }).meta],
    args: [at, channel, id],
  }));
  const replies = await callScripts(store.client, calls);
  return replies.map((reply, index) => {
    const id = ids[index]!;
    if (reply === -1) return { id, outcome: "missing" };
    return {
      id,
      outcome: "marked",
      version: asInteger(reply, { script: "markStale", tenant, subscriptionId: id }),
    };
  });
}

/**
 * Increments the version and publishes it: with `personal` entries ("<field>:<user>",
 * personalEntry) only those users' personal versions move with it (none: no personal
 * answer), without (undefined) everyone's. Throws E_SUBSCRIPTION_MISSING.
 */
export async function bumpVersion(
  store: Store,
  ref: SubscriptionRef,
  personal?: readonly string[],
): Promise<number> {
  const keys = subscriptionKeys(checkRef(ref));
  const reply = await callScript(
    store.client,
    "bumpVersion",
    [keys.meta, keys.personal],
    [now(store), versionChannel(ref.tenant), ref.id, ...personalArgs(personal)],
  );
  return asInteger(reply, { script: "bumpVersion", tenant: ref.tenant, subscriptionId: ref.id });
}

export type MembershipOutcome = "changed" | "unchanged" | "notPopulated" | "tooLarge";

export interface MembershipPatch {
  readonly id: string;
  readonly issueId: IssueIdInput;
  /** True: the issue now satisfies Stage 1; false: it does not (or was deleted). */
  readonly member: boolean;
  /** The users whose personal answers the change can move ("<field>:<user>"); undefined: anyone's. */
  readonly personal?: readonly string[];
}

export type MembershipResult =
  | { readonly id: string; readonly outcome: MembershipOutcome; readonly version: number }
  | { readonly id: string; readonly outcome: "missing" };

const OUTCOMES: readonly MembershipOutcome[] = ["unchanged", "changed", "notPopulated", "tooLarge"];

/** Patches one issue into or out of one subscription. Throws E_SUBSCRIPTION_MISSING. */
export async function setMembership(
  store: Store,
  ref: SubscriptionRef,
  issueId: IssueIdInput,
  member: boolean,
): Promise<{ readonly outcome: MembershipOutcome; readonly version: number }> {
  const [result] = await setMembershipMany(store, ref.tenant, [{ id: ref.id, issueId, member }]);
  if (result === undefined || result.outcome === "missing") {
    throw replyError(-1, { script: "setMembership", tenant: ref.tenant, subscriptionId: ref.id });
  }
  return { outcome: result.outcome, version: result.version };
}

/** Patches a batch of one tenant's subscriptions in one round trip. */
export async function setMembershipMany(
  store: Store,
  tenant: string,
  patches: readonly MembershipPatch[],
): Promise<MembershipResult[]> {
  const channel = versionChannel(checkTenant(tenant));
  const at = now(store);
  const { journalTtlMs, journalMaxEntries, idleTtlMs } = store.options;
  const calls: ScriptCall[] = patches.map(({ id, issueId, member, personal }) => {
    const keys = subscriptionKeys({ tenant, id: checkSubscriptionId(id) });
    return {
      name: "setMembership",
      keys: [keys.meta, keys.members, keys.lock, keys.journal, keys.personal],
      args: [
        member ? "+" : "-",
        toIssueId(issueId),
        at,
        journalTtlMs,
        journalMaxEntries,
        idleTtlMs,
        channel,
        id,
        ...personalArgs(personal),
      ],
    };
  });
  const replies = await callScripts(store.client, calls);
  return replies.map((reply, index) => {
    const id = patches[index]!.id;
    if (reply === -1) return { id, outcome: "missing" };
    const context = { script: "setMembership", tenant, subscriptionId: id };
    const [code, version] = asArray(reply, 2, context).map((value) => asInteger(value, context)) as [
      number,
      number,
    ];
    const outcome = OUTCOMES[code];
    if (outcome === undefined) throw badReply(`unknown setMembership outcome ${code}`, context);
    return { id, outcome, version };
  });
}

/** A count and the entries, or -1 when the change may move anyone's answer. */
function personalArgs(personal: readonly string[] | undefined): (string | number)[] {
  return personal === undefined ? [-1] : [personal.length, ...personal];
}

/**
 * Records the fields a query's Stage 2 reads ("*": any) in its subscription's reads set,
 * before the query computes an answer. Returns the new version when re-creating the set
 * moved it, 0 otherwise; null when the subscription does not exist.
 */
export async function registerReads(
  store: Store,
  ref: SubscriptionRef,
  fields: readonly string[],
): Promise<number | null> {
  const keys = subscriptionKeys(checkRef(ref));
  const { idleTtlMs } = store.options;
  const reply = await callScript(
    store.client,
    "registerReads",
    [keys.meta, keys.reads],
    [now(store), idleTtlMs, versionChannel(ref.tenant), ref.id, ...(fields.length ? fields : ["*"])],
  );
  if (reply === -1) return null;
  return asInteger(reply, { script: "registerReads", tenant: ref.tenant, subscriptionId: ref.id });
}
