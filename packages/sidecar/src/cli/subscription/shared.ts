/**
 * What the `subq sub` commands share: the store opened per command, the tenant option,
 * the subscription-id argument, state labels, and the lookup that fails with E_NOT_FOUND.
 */
import { type Command, InvalidArgumentError } from "commander";
import type { ResolvedSidecarOptions } from "../../config/options.js";
import type { Env } from "../../db/tenants.js";
import { inspectSubscription, type SubscriptionInspection } from "../../engine/subscription-info.js";
import type { SubscriptionInfo } from "../../engine/types.js";
import { SubqError } from "../../errors.js";
import { checkSubscriptionId, type Store } from "../../redis/index.js";
import { type OperatorFlags, openOperatorStore, operatorOptions } from "../operator.js";

export const STATE_LABEL: Readonly<Record<SubscriptionInfo["state"], string>> = {
  fresh: "fresh",
  stale: "stale",
  tooLarge: "too-large",
  populating: "populating",
  missing: "missing",
};

export const TENANT_OPTION = ["--tenant <name>", "the tenant whose subscriptions to use"] as const;

export type StoreWork = (
  store: Store,
  flags: OperatorFlags,
  options: ResolvedSidecarOptions,
) => Promise<void>;

/** What each `subq sub` command runs with. */
export interface SubscriptionCommandContext {
  readonly out: (line: string) => void;
  /** Opens the store for one command and closes it after `work`. */
  withStore(command: Command, work: StoreWork): Promise<void>;
}

export function createContext(env: Env, out: (line: string) => void): SubscriptionCommandContext {
  return {
    out,
    async withStore(command, work) {
      const flags = command.optsWithGlobals<OperatorFlags>();
      const opened = await openOperatorStore(await operatorOptions(flags, env));
      try {
        await work(opened.store, flags, opened.options);
      } finally {
        await opened.close();
      }
    },
  };
}

/** The subscription as stored, or undefined when it is not there (expired, dropped). */
export function readInspection(
  store: Store,
  tenant: string,
  id: string,
  sample: number | undefined,
): Promise<SubscriptionInspection | undefined> {
  return inspectSubscription(store, { tenant, id }, { clock: store.options.clock, sample });
}

/** The subscription as stored; E_NOT_FOUND when it is not there. */
export async function inspect(
  store: Store,
  tenant: string,
  id: string,
  sample?: number,
): Promise<SubscriptionInspection> {
  const found = await readInspection(store, tenant, id, sample);
  if (!found) throw notFound(tenant, id);
  return found;
}

export function notFound(tenant: string, id: string): SubqError {
  return new SubqError(
    "E_NOT_FOUND",
    `tenant ${tenant} has no subscription ${id} in Redis (expired, dropped or never used); ` +
      `\`subq sub ls --tenant ${tenant}\` lists the ones there are`,
  );
}

/** The `<id>` argument's parser. */
export function subscriptionId(value: string): string {
  try {
    return checkSubscriptionId(value);
  } catch {
    throw new InvalidArgumentError(
      "a subscription id is 1-64 characters a-z, 0-9, _ or - (the ID column of `subq sub ls`)",
    );
  }
}
