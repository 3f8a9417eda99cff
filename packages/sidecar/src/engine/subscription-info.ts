/** A subscription as stored in Redis, for debugging (`GET …/subscriptions/:id`, `subq sub show|ls`). */
import { SubqError } from "../errors.js";
import {
  checkSubscriptionId,
  readMeta,
  readSubscriptionLifetimes,
  type Store,
  type SubscriptionMeta,
  type SubscriptionRef,
} from "../redis/index.js";
import type { EngineContext } from "./context.js";
import type { SubscriptionInfo } from "./types.js";

const SAMPLE_SIZE = 10;

export interface SubscriptionInspection {
  readonly info: SubscriptionInfo;
  /** The meta hash as stored. */
  readonly meta: SubscriptionMeta;
  /** Time left of the running populate's or refresh's lock, ms; null when none holds it. */
  readonly lockTtlMs: number | null;
  /** Time left until the subscription expires unless read, ms; null without an expiry. */
  readonly expiresInMs: number | null;
}

export interface InspectOptions {
  readonly clock: () => number;
  /** Member ids to sample (SRANDMEMBER), default 10; 0 for none. */
  readonly sample?: number;
}

/**
 * Reads a subscription straight from Redis (plain reads: unlike a search it does not
 * extend the idle expiry); undefined when it does not exist. The state is the one a search
 * would see: fresh, stale (an event, or older than the staleness bound), tooLarge,
 * populating (no data, a lock) or missing (no data, no lock: a populate gave up).
 */
export async function inspectSubscription(
  store: Store,
  ref: SubscriptionRef,
  options: InspectOptions,
): Promise<SubscriptionInspection | undefined> {
  const [meta, lifetimes] = await Promise.all([
    readMeta(store, ref),
    readSubscriptionLifetimes(store, ref, options.sample ?? SAMPLE_SIZE),
  ]);
  if (!meta) return undefined;
  const at = options.clock();
  const { locked, sample } = lifetimes;
  const stale =
    meta.stale || (meta.refreshedAt !== null && at - meta.refreshedAt > store.options.stalenessBoundMs);
  const state =
    meta.refreshedAt === null
      ? locked
        ? "populating"
        : "missing"
      : meta.tooLarge
        ? "tooLarge"
        : stale
          ? "stale"
          : "fresh";
  const info: SubscriptionInfo = {
    tenant: ref.tenant,
    id: ref.id,
    state,
    version: meta.version,
    size: meta.count,
    ageMs: meta.refreshedAt === null ? null : at - meta.refreshedAt,
    stage1: meta.stage1,
    metadata: meta.metadata ?? {},
    position: meta.position,
    sample: [...sample].sort((a, b) => Number(a) - Number(b)),
  };
  return {
    info,
    meta,
    lockTtlMs: lifetimes.lockTtlMs,
    expiresInMs: lifetimes.expiresInMs,
  };
}

export async function subscriptionInfo(
  ctx: EngineContext,
  tenant: string,
  id: string,
): Promise<SubscriptionInfo> {
  ctx.tenants.get(tenant);
  try {
    checkSubscriptionId(id);
  } catch {
    throw new SubqError(
      "E_BAD_REQUEST",
      `'${id}' is not a subscription id (1-64 characters a-z, 0-9, _ or -)`,
      {
        tenant,
        where: "id",
      },
    );
  }
  const inspected = await inspectSubscription(ctx.store, { tenant, id }, { clock: ctx.clock });
  if (!inspected)
    throw new SubqError(
      "E_NOT_FOUND",
      `tenant '${tenant}' has no subscription '${id}' (expired or never used)`,
      { tenant },
    );
  return inspected.info;
}
