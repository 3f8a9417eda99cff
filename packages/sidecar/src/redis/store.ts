/**
 * The store: a client with the subq scripts defined on it, and resolved options. Every
 * operation (`readSubscription(store, ...)`, `commitResult(store, ...)`, ...) takes it.
 */
import { StoreError } from "./errors.js";
import { loadScripts, type ScriptSource } from "./lua-loader.js";
import { type ResolvedStoreOptions, resolveStoreOptions, type StoreOptions } from "./options.js";
import { defineScripts, type RedisClient } from "./script-client.js";

export interface Store {
  readonly client: RedisClient;
  readonly options: ResolvedStoreOptions;
  readonly scripts: readonly ScriptSource[];
}

/**
 * Loads the Lua scripts (once per store) and defines them on `client`, which may be an
 * ioredis `Redis`, `Cluster` or an ioredis-mock instance. Do not give the client a
 * `keyPrefix`: keys are built in keys.ts and documented as they are.
 */
export async function createStore(client: RedisClient, options: StoreOptions = {}): Promise<Store> {
  const resolved = resolveStoreOptions(options);
  const scripts = await loadScripts(resolved.luaDir);
  defineScripts(client, scripts);
  return Object.freeze({ client, options: resolved, scripts: Object.freeze(scripts) });
}

/** The store's clock reading, checked (a broken clock must not reach a script). */
export function now(store: Store): number {
  const value = store.options.clock();
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new StoreError(
      "E_INVALID_OPTIONS",
      `store option clock returned ${value}; it must return integer ms since the epoch`,
      {
        argument: "clock",
      },
    );
  }
  return value;
}

/** One PING: rejects when Redis cannot answer (readiness checks). */
export async function pingStore(store: Store): Promise<void> {
  await store.client.ping();
}
