/**
 * `subq sub refresh <id> --tenant acme [--wait [--timeout-ms 30000]] | [--here]`: without
 * --here the job goes on the fleet's refresh queue, where any sidecar with the worker role
 * runs it; --here runs the same refresh handler in this process (it needs the tenant's
 * database).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Command } from "commander";
import type { ResolvedSidecarOptions } from "../../config/options.js";
import { openQueue } from "../../engine/create.js";
import { silentMetrics } from "../../engine/engine-metrics.js";
import type { SubscriptionInspection } from "../../engine/subscription-info.js";
import type { SubscriptionInfo } from "../../engine/types.js";
import { SubqError } from "../../errors.js";
import type { Store } from "../../redis/index.js";
import type { RefreshHandler, RefreshOutcome, RefreshQueue } from "../../refresh/queue.js";
import { wholeNumberAtLeast } from "../arguments.js";
import { openOperatorEngine } from "../operator.js";
import {
  inspect,
  readInspection,
  STATE_LABEL,
  type SubscriptionCommandContext,
  subscriptionId,
  TENANT_OPTION,
} from "./shared.js";

interface RefreshFlags {
  readonly here?: boolean;
  readonly wait?: boolean;
  readonly timeoutMs: number;
}

/** One refresh: the subscription, the store it is in and the options the store was opened with. */
interface Target {
  readonly store: Store;
  readonly options: ResolvedSidecarOptions;
  readonly tenant: string;
  readonly id: string;
}

export function registerRefreshCommand(sub: Command, context: SubscriptionCommandContext): void {
  sub
    .command("refresh")
    .description(
      "refresh a subscription from the database: enqueue the job for the fleet's workers (default), or run it here",
    )
    .argument("<id>", "subscription id", subscriptionId)
    .requiredOption(...TENANT_OPTION)
    .option("--here", "run the refresh in this process (no worker needed; uses the tenant's database)")
    .option("--wait", "after enqueueing, wait until a worker has committed the refresh")
    .option("--timeout-ms <ms>", "with --wait: give up after this long", wholeNumberAtLeast(1), 30_000)
    .action((id: string, flags: RefreshFlags, command: Command) =>
      context.withStore(command, async (store, { tenant }, options) => {
        const target: Target = { store, options, tenant, id };
        await checkPopulated(target);
        if (flags.here) await refreshInProcess(context.out, target);
        else await refreshOnQueue(context.out, target, flags);
      }),
    );
}

/** A subscription that has no Stage 1 yet has nothing to refresh. */
async function checkPopulated({ store, tenant, id }: Target): Promise<void> {
  const before = await inspect(store, tenant, id, 0);
  if (before.info.stage1 === null) {
    throw new Error(
      `subscription ${tenant}/${id} has not been populated yet (state ${STATE_LABEL[before.info.state]}); ` +
        "nothing to refresh: the running populate commits it, or the next search populates it",
    );
  }
}

/** --here: runs the refresh in this process and reports its outcome (exit code 1 when it failed). */
async function refreshInProcess(out: (line: string) => void, target: Target): Promise<void> {
  const { store, options, tenant, id } = target;
  const outcome = await refreshHere(options, tenant, id);
  const after = await readInspection(store, tenant, id, 0);
  out(`${tenant}/${id}: ${describeOutcome(outcome)}${after ? `; ${versionLine(after.info)}` : ""}`);
  if (outcome === "failed") process.exitCode = 1;
}

/** Enqueues the refresh on the fleet's queue; with --wait, waits until a worker committed it. */
async function refreshOnQueue(
  out: (line: string) => void,
  target: Target,
  flags: RefreshFlags,
): Promise<void> {
  const { store, options, tenant, id } = target;
  if (options.engine.queue === "memory") {
    throw new SubqError(
      "E_CONFIG",
      "the configured refresh queue is in-process (engine.queue = memory): no other process can take the job; " +
        "run it here with --here, or configure engine.queue = bullmq (SUBQ_QUEUE=bullmq)",
    );
  }
  const enqueuedAt = store.options.clock();
  const queue = openQueue(options, [], silentMetrics);
  let added: boolean;
  try {
    added = await queue.enqueue({ tenant, subscriptionId: id });
  } finally {
    await queue.close();
  }
  out(
    `${tenant}/${id}: ${added ? "refresh enqueued" : "a refresh is already waiting or running; merged into it"}` +
      " (a sidecar with --role worker or all runs it)",
  );
  if (!flags.wait) return;
  const committed = await waitForCommit(store, tenant, id, enqueuedAt, flags.timeoutMs);
  if (!committed) {
    throw new Error(
      `no refresh of ${tenant}/${id} committed within ${flags.timeoutMs} ms; is a sidecar with --role worker ` +
        "(or all) running against this Redis? Or run it here with --here",
    );
  }
  out(`${tenant}/${id}: refreshed; ${versionLine(committed.info)}`);
}

/**
 * Runs the engine's refresh handler on one job in this process: the engine is assembled
 * with a queue that hands the job straight to the handler it is worked with.
 */
async function refreshHere(
  options: ResolvedSidecarOptions,
  tenant: string,
  subscriptionId: string,
): Promise<RefreshOutcome> {
  let handler: RefreshHandler | null = null;
  const direct: RefreshQueue = {
    enqueue: async () => false,
    work: async (h) => {
      handler = h;
    },
    counts: async () => ({ waiting: 0, active: 0 }),
    close: async () => {},
  };
  const engine = await openOperatorEngine(options, { queue: direct, worker: true });
  try {
    if (handler === null) throw new Error("the engine did not start working its refresh queue");
    return await (handler as RefreshHandler)({ tenant, subscriptionId });
  } finally {
    await engine.close();
  }
}

async function waitForCommit(
  store: Store,
  tenant: string,
  id: string,
  since: number,
  timeoutMs: number,
): Promise<SubscriptionInspection | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await readInspection(store, tenant, id, 0);
    if (found && (found.meta.committedAt ?? 0) >= since) return found;
    await sleep(100);
  }
  return undefined;
}

function describeOutcome(outcome: RefreshOutcome): string {
  switch (outcome) {
    case "changed":
      return "refreshed, the results changed";
    case "unchanged":
      return "refreshed, the results are unchanged";
    case "superseded":
      return "a newer result was committed meanwhile; kept it";
    case "skipped":
      return "skipped: a populate or refresh is running (lock held), or the subscription expired";
    case "failed":
      return "the refresh failed";
  }
}

function versionLine(info: SubscriptionInfo): string {
  return `state ${STATE_LABEL[info.state]}, version ${info.version}, size ${info.size}`;
}
