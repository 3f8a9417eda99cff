/**
 * The tenant configuration version (script bumpConfigVersion): moved by configuration
 * events, announced on the tenant channel as "* <version> config", and combined with each
 * subscription's version by the sidecar (the reported version is the max of the two).
 */
import { configKey, versionChannel } from "./keys.js";
import { asInteger } from "./replies.js";
import { callScript } from "./script-client.js";
import { now, type Store } from "./store.js";

/** Kept well beyond any subscription's life; re-set by every bump. */
export const CONFIG_VERSION_TTL_MS = 30 * 24 * 3_600_000;

/**
 * `reason` "recovery": back from a Redis outage, every version must move (redis-outage.ts)
 * but the configuration did not change, so no process reloads its catalog.
 */
export async function bumpConfigVersion(
  store: Store,
  tenant: string,
  reason: "config" | "recovery" = "config",
): Promise<number> {
  const reply = await callScript(
    store.client,
    "bumpConfigVersion",
    [configKey(tenant)],
    [now(store), CONFIG_VERSION_TTL_MS, versionChannel(tenant), reason],
  );
  return asInteger(reply, { script: "bumpConfigVersion", tenant });
}

/** The current configuration version; 0 when no configuration event was ever seen. */
export async function readConfigVersion(store: Store, tenant: string): Promise<number> {
  const value = await store.client.hget(configKey(tenant), "version");
  return value === null ? 0 : Number(value);
}
