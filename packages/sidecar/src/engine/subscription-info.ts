/** A subscription as stored in Redis, for debugging (`GET …/subscriptions/:id`, `subq sub show`). */
import { SubqError } from "../errors.js";
import { checkSubscriptionId, readMeta, subscriptionKeys } from "../redis/index.js";
import type { EngineContext } from "./context.js";
import type { SubscriptionInfo } from "./types.js";

const SAMPLE_SIZE = 10;

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
  const ref = { tenant, id };
  const [meta, locked, sample] = await Promise.all([
    readMeta(ctx.store, ref),
    ctx.store.client.exists(subscriptionKeys(ref).lock),
    ctx.store.client.srandmember(subscriptionKeys(ref).members, SAMPLE_SIZE),
  ]);
  if (!meta)
    throw new SubqError(
      "E_NOT_FOUND",
      `tenant '${tenant}' has no subscription '${id}' (expired or never used)`,
      { tenant },
    );
  const stale =
    meta.stale ||
    (meta.refreshedAt !== null && ctx.clock() - meta.refreshedAt > ctx.store.options.stalenessBoundMs);
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
  return {
    tenant,
    id,
    state,
    version: meta.version,
    size: meta.count,
    ageMs: meta.refreshedAt === null ? null : ctx.clock() - meta.refreshedAt,
    stage1: meta.stage1,
    metadata: meta.metadata ?? {},
    position: meta.position,
    sample: [...sample].sort((a, b) => Number(a) - Number(b)),
  };
}
