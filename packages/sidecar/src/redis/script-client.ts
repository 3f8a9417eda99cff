/**
 * Defines the Lua scripts as ioredis commands (`defineCommand`: EVALSHA, with EVAL on
 * NOSCRIPT) on a `Redis`, a `Cluster` or an ioredis-mock instance, and calls them.
 */
import type { ChainableCommander, Cluster, Redis } from "ioredis";
import { StoreError } from "./errors.js";
import type { ScriptSource } from "./lua-loader.js";

/** A standalone or cluster client (ioredis-mock instances are typed as `Redis`). */
export type RedisClient = Redis | Cluster;

/** The scripts the store needs; `lua/` must contain each as `<name>-<numKeys>.lua`. */
export const SCRIPT_NAMES = [
  "addLock",
  "extendLock",
  "releaseLock",
  "readSubscription",
  "commitResult",
  "markStale",
  "setMembership",
  "bumpVersion",
  "registerReads",
  "addIndexEntry",
  "lookupIndex",
  "bumpConfigVersion",
  "initReportJob",
  "applyReportBatch",
  "finishReportJob",
  "claimLease",
  "releaseLease",
] as const;

export type ScriptName = (typeof SCRIPT_NAMES)[number];

export type ScriptArg = string | number;

type ScriptFunction = (...args: ScriptArg[]) => unknown;

/** The ioredis command name of a script: `commitResult` → `subqCommitResult`. */
export function commandName(name: string): string {
  return `subq${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** Checks that every needed script is present with its key count, then defines them all. */
export function defineScripts(client: RedisClient, scripts: readonly ScriptSource[]): void {
  const byName = new Map(scripts.map((script) => [script.name, script]));
  for (const name of SCRIPT_NAMES) {
    if (!byName.has(name)) {
      throw new StoreError(
        "E_SCRIPT_LOAD",
        `the Lua script "${name}-<numKeys>.lua" is missing from the script directory`,
        {
          script: name,
        },
      );
    }
  }
  for (const script of scripts) {
    client.defineCommand(commandName(script.name), { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
}

export interface ScriptCall {
  readonly name: ScriptName;
  readonly keys: readonly string[];
  readonly args: readonly ScriptArg[];
}

/** Calls a defined script; the reply, unchecked. */
export function callScript(
  client: RedisClient,
  name: ScriptName,
  keys: readonly string[],
  args: readonly ScriptArg[],
): Promise<unknown> {
  return queueScript(client, { name, keys, args }) as Promise<unknown>;
}

/**
 * Runs many script calls in one round trip and returns their replies in order. A
 * standalone client gets one pipeline; a cluster client gets the calls written at once
 * (ioredis sends without waiting for replies), because an ioredis cluster pipeline must
 * stay within one slot and the calls usually target many subscriptions.
 */
export async function callScripts(client: RedisClient, calls: readonly ScriptCall[]): Promise<unknown[]> {
  if (calls.length === 0) return [];
  if ((client as { isCluster?: boolean }).isCluster === true) {
    return Promise.all(calls.map((call) => queueScript(client, call) as Promise<unknown>));
  }
  const pipeline = client.pipeline();
  for (const call of calls) queueScript(pipeline, call);
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** Calls a script on a client (a promise) or queues it on a pipeline (the pipeline). */
export function queueScript(
  target: RedisClient | ChainableCommander,
  { name, keys, args }: ScriptCall,
): unknown {
  const fn = (target as unknown as Record<string, ScriptFunction | undefined>)[commandName(name)];
  if (typeof fn !== "function") {
    throw new StoreError(
      "E_SCRIPT_LOAD",
      `the script ${name} is not defined on this client; create the store with createStore(client) first`,
      { script: name },
    );
  }
  return fn.call(target, ...keys, ...args);
}
