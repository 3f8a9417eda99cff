/**
 * The populate/refresh lock (script addLock and friends): one owner per subscription,
 * identified by a token; only the owner extends or releases it. Acquiring returns the lease
 * a commit needs: the dirty generation and patch sequence the refresh starts from.
 */
import { randomUUID } from "node:crypto";
import { badReply, invalidArgument } from "./errors.js";
import { checkRef, type SubscriptionRef, subscriptionKeys } from "./keys.js";
import { asArray, asInteger } from "./replies.js";
import { callScript } from "./script-client.js";
import { now, type Store } from "./store.js";
import { checkDuration, describe } from "./values.js";

export interface Lease {
  readonly ref: SubscriptionRef;
  readonly token: string;
  /** The dirty generation when the lock was taken; the commit compares against it. */
  readonly startGen: number;
  /** The patch sequence when the lock was taken; the commit replays later patches. */
  readonly startSeq: number;
  /** The version when the lock was taken. */
  readonly version: number;
  /** True for a refresh (committed data exists), false for a populate. */
  readonly populated: boolean;
}

export type AcquireResult = { readonly acquired: true; readonly lease: Lease } | { readonly acquired: false };

export interface AcquireOptions {
  /** The owner token; default a random UUID. Re-acquiring with the same token succeeds. */
  readonly token?: string;
  /** Default the store's lockTtlMs. */
  readonly ttlMs?: number;
}

export async function acquireLock(
  store: Store,
  ref: SubscriptionRef,
  options: AcquireOptions = {},
): Promise<AcquireResult> {
  const keys = subscriptionKeys(checkRef(ref));
  const token = checkToken(options.token ?? randomUUID());
  const ttl = checkDuration(options.ttlMs ?? store.options.lockTtlMs, "ttlMs");
  const context = { script: "addLock", tenant: ref.tenant, subscriptionId: ref.id };
  const reply = await callScript(
    store.client,
    "addLock",
    [keys.lock, keys.meta],
    [token, ttl, now(store), store.options.idleTtlMs],
  );
  if (reply === -3) return { acquired: false };
  const [gen, seq, version, populated] = asArray(reply, 4, context).map((v) => asInteger(v, context)) as [
    number,
    number,
    number,
    number,
  ];
  return {
    acquired: true,
    lease: { ref, token, startGen: gen, startSeq: seq, version, populated: populated === 1 },
  };
}

/** Resets the lock's expiry. Throws E_LOCK_NOT_OWNED (re-taken) or E_LOCK_EXPIRED (gone). */
export async function extendLock(
  store: Store,
  lease: Lease,
  ttlMs: number = store.options.lockTtlMs,
): Promise<void> {
  const keys = subscriptionKeys(checkRef(lease.ref));
  const reply = await callScript(
    store.client,
    "extendLock",
    [keys.lock],
    [checkToken(lease.token), checkDuration(ttlMs, "ttlMs")],
  );
  expectOne(reply, "extendLock", lease);
}

/** Gives the lock up without committing. Throws E_LOCK_NOT_OWNED or E_LOCK_EXPIRED. */
export async function releaseLock(store: Store, lease: Lease): Promise<void> {
  const keys = subscriptionKeys(checkRef(lease.ref));
  const reply = await callScript(store.client, "releaseLock", [keys.lock], [checkToken(lease.token)]);
  expectOne(reply, "releaseLock", lease);
}

function expectOne(reply: unknown, script: string, lease: Lease): void {
  const context = { script, tenant: lease.ref.tenant, subscriptionId: lease.ref.id };
  if (asInteger(reply, context) !== 1) throw badReply(`expected 1, got ${String(reply)}`, context);
}

export function checkToken(token: string): string {
  if (typeof token !== "string" || token.length === 0 || token.length > 200) {
    throw invalidArgument("token", `expected a lock owner token of 1-200 characters, got ${describe(token)}`);
  }
  return token;
}
