/**
 * The lifetimes and a member sample of one subscription, for debugging
 * (engine/subscription-info.ts). Plain reads: unlike readSubscription they do not extend
 * the idle expiry, so inspecting a subscription does not keep it alive.
 */
import { checkRef, type SubscriptionRef, subscriptionKeys } from "./keys.js";
import type { Store } from "./store.js";

export interface SubscriptionLifetimes {
  /** A populate or refresh holds the lock (with or without an expiry). */
  readonly locked: boolean;
  /** Time left of the lock, ms; null when none holds it or it has no expiry. */
  readonly lockTtlMs: number | null;
  /** Time left until the meta hash expires unless read, ms; null without an expiry. */
  readonly expiresInMs: number | null;
  /** Up to `sample` member ids (SRANDMEMBER: random, distinct), unsorted. */
  readonly sample: readonly string[];
}

export async function readSubscriptionLifetimes(
  store: Store,
  ref: SubscriptionRef,
  sample: number,
): Promise<SubscriptionLifetimes> {
  const keys = subscriptionKeys(checkRef(ref));
  // PTTL answers -2 for a missing key and -1 for one without an expiry.
  const [lockTtl, metaTtl, members] = await Promise.all([
    store.client.pttl(keys.lock),
    store.client.pttl(keys.meta),
    sample > 0 ? store.client.srandmember(keys.members, sample) : Promise.resolve([]),
  ]);
  return {
    locked: lockTtl >= 0 || lockTtl === -1,
    lockTtlMs: lockTtl >= 0 ? lockTtl : null,
    expiresInMs: metaTtl >= 0 ? metaTtl : null,
    sample: members,
  };
}
