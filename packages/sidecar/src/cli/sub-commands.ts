/**
 * `subq sub ...`: a tenant's subscriptions (cached Stage 1 results) as stored in Redis.
 *
 *   subq sub ls --tenant acme [--json]
 *   subq sub show <id> --tenant acme [--sample 20] [--json]
 *   subq sub refresh <id> --tenant acme [--wait [--timeout-ms 30000]] | [--here]
 *   subq sub drop <id> --tenant acme
 *
 * Redis comes from the sidecar's configuration (--config, SUBQ_REDIS_URL or
 * SUBQ_REDIS_CLUSTER) or --redis. `refresh` without --here enqueues the job on the fleet's
 * refresh queue, where any sidecar with the worker role runs it; --here runs the same
 * refresh handler in this process (it needs the tenant's database).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Command, InvalidArgumentError } from "commander";
import type { ResolvedSidecarOptions } from "../config/options.js";
import { openQueue } from "../engine/create.js";
import { silentMetrics } from "../engine/engine-metrics.js";
import { inspectSubscription, type SubscriptionInspection } from "../engine/subscription-info.js";
import type { SubscriptionInfo } from "../engine/types.js";
import { SubqError } from "../errors.js";
import { checkSubscriptionId, dropSubscription, type Store, scanSubscriptions } from "../redis/index.js";
import type { RefreshHandler, RefreshOutcome, RefreshQueue } from "../refresh/queue.js";
import { wholeNumberAtLeast } from "./arguments.js";
import {
  formatDuration,
  type OperatorFlags,
  type OperatorIo,
  openOperatorEngine,
  openOperatorStore,
  operatorOptions,
  table,
  writers,
} from "./operator.js";

const STATE_LABEL: Readonly<Record<SubscriptionInfo["state"], string>> = {
  fresh: "fresh",
  stale: "stale",
  tooLarge: "too-large",
  populating: "populating",
  missing: "missing",
};

const EXAMPLES = `
States: fresh (served from the cache), stale (an event dirtied it or it is older than the
staleness bound: served while one refresh runs), too-large (more than store.maxMembers
ids: answered from the database), populating (the first query is running), missing (a
populate gave up; the next search tries again).

Examples:
  $ subq sub ls --tenant acme
  $ subq sub show 3f9c0a1b2c --tenant acme --json
  $ subq sub refresh 3f9c0a1b2c --tenant acme --wait
  $ subq sub drop 3f9c0a1b2c --tenant acme`;

export function registerSubCommands(program: Command, io: OperatorIo = {}): void {
  const env = io.env ?? process.env;
  const { out } = writers(io);
  const sub = program
    .command("sub")
    .description("inspect, refresh and drop a tenant's cached query results (subscriptions) in Redis")
    .option("--config <file>", "the sidecar's JSON configuration file (overrides SUBQ_CONFIG)")
    .option("--redis <url>", "Redis to use (overrides redis.url, SUBQ_REDIS_URL and SUBQ_REDIS_CLUSTER)")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", EXAMPLES);
  const tenantOption = ["--tenant <name>", "the tenant whose subscriptions to use"] as const;

  /** Opens the store for one command and closes it after `work`. */
  const withStore = async (
    command: Command,
    work: (store: Store, flags: OperatorFlags, options: ResolvedSidecarOptions) => Promise<void>,
  ) => {
    const flags = command.optsWithGlobals<OperatorFlags>();
    const opened = await openOperatorStore(await operatorOptions(flags, env));
    try {
      await work(opened.store, flags, opened.options);
    } finally {
      await opened.close();
    }
  };
  const inspect = async (store: Store, tenant: string, id: string, sample?: number) => {
    const found = await inspectSubscription(store, { tenant, id }, { clock: store.options.clock, sample });
    if (!found) throw notFound(tenant, id);
    return found;
  };

  sub
    .command("ls")
    .description("list the tenant's subscriptions: id, state, version, size, age, expiry, Stage 1")
    .requiredOption(...tenantOption)
    .option("--json", "print a JSON array")
    .action((flags: { json?: boolean }, command: Command) =>
      withStore(command, async (store, { tenant }) => {
        // All reads at once: ioredis pipelines them, so a tenant's thousands of
        // subscriptions cost a few round trips, not four each.
        const inspections = await Promise.all(
          (await scanSubscriptions(store, tenant)).map((id) =>
            inspectSubscription(store, { tenant, id }, { clock: store.options.clock, sample: 0 }),
          ),
        );
        // undefined: expired between SCAN and read
        const found = inspections.filter((i): i is SubscriptionInspection => i !== undefined);
        if (flags.json) {
          out(JSON.stringify(found.map(summary), null, 2));
          return;
        }
        if (found.length === 0) {
          out(
            `tenant ${tenant} has no subscriptions in Redis (none used within the idle TTL, or another Redis)`,
          );
          return;
        }
        const rows = found.map(({ info, expiresInMs }) => [
          info.id,
          STATE_LABEL[info.state],
          String(info.version),
          info.state === "tooLarge" ? `≥${info.size}` : String(info.size),
          formatDuration(info.ageMs),
          formatDuration(expiresInMs),
          info.stage1 === null ? "-" : info.stage1 === "" ? "(all issues)" : info.stage1,
        ]);
        for (const line of table([
          ["ID", "STATE", "VERSION", "SIZE", "AGE", "EXPIRES IN", "STAGE 1"],
          ...rows,
        ]))
          out(line);
        out(`${found.length} subscription${found.length === 1 ? "" : "s"}`);
      }),
    );

  sub
    .command("show")
    .description(
      "one subscription: state, version, size, age, Stage 1, metadata, position, lock, a member sample",
    )
    .argument(
      "<id>",
      "subscription id (see `subq sub ls`, or `subscription` in GET …/explain)",
      subscriptionId,
    )
    .requiredOption(...tenantOption)
    .option("--sample <n>", "member ids to show (random sample)", wholeNumberAtLeast(0), 10)
    .option("--json", "print JSON")
    .action((id: string, flags: { sample: number; json?: boolean }, command: Command) =>
      withStore(command, async (store, { tenant }) => {
        const found = await inspect(store, tenant, id, flags.sample);
        if (flags.json) {
          out(JSON.stringify(detail(found), null, 2));
          return;
        }
        const { info, meta } = found;
        const metadata = Object.entries(info.metadata);
        const lines = [
          ["subscription", `${info.tenant}/${info.id}`],
          [
            "state",
            STATE_LABEL[info.state] + (meta.stale ? " (an event arrived since the last refresh)" : ""),
          ],
          ["version", String(info.version)],
          [
            "size",
            info.state === "tooLarge"
              ? `at least ${info.size} ids, over store.maxMembers ${store.options.maxMembers} (not stored)`
              : String(info.size),
          ],
          ["age", formatDuration(info.ageMs)],
          ["expires in", `${formatDuration(found.expiresInMs)} unless read`],
          ["created", iso(meta.createdAt)],
          ["refreshed", iso(meta.refreshedAt)],
          ["last read", iso(meta.lastReadAt)],
          ["position", info.position ?? "-"],
          [
            "lock",
            found.lockTtlMs === null
              ? "free"
              : `held, ${formatDuration(found.lockTtlMs)} left (populate or refresh running)`,
          ],
          ["stage 1", info.stage1 === null ? "-" : info.stage1 || "(all issues)"],
          [
            "metadata",
            metadata.length === 0
              ? "(unconstrained: every event matches)"
              : metadata.map(([field, values]) => `${field} ∈ {${values.join(", ")}}`).join("; "),
          ],
          ["sample", info.sample.length === 0 ? "(no members)" : info.sample.join(" ")],
        ];
        for (const line of table(lines)) out(line);
      }),
    );

  sub
    .command("refresh")
    .description(
      "refresh a subscription from the database: enqueue the job for the fleet's workers (default), or run it here",
    )
    .argument("<id>", "subscription id", subscriptionId)
    .requiredOption(...tenantOption)
    .option("--here", "run the refresh in this process (no worker needed; uses the tenant's database)")
    .option("--wait", "after enqueueing, wait until a worker has committed the refresh")
    .option("--timeout-ms <ms>", "with --wait: give up after this long", wholeNumberAtLeast(1), 30_000)
    .action((id: string, flags: { here?: boolean; wait?: boolean; timeoutMs: number }, command: Command) =>
      withStore(command, async (store, { tenant }, options) => {
        const before = await inspect(store, tenant, id, 0);
        if (before.info.stage1 === null) {
          throw new Error(
            `subscription ${tenant}/${id} has not been populated yet (state ${STATE_LABEL[before.info.state]}); ` +
              "nothing to refresh: the running populate commits it, or the next search populates it",
          );
        }
        if (flags.here) {
          const outcome = await refreshHere(options, tenant, id);
          const after = await inspectSubscription(
            store,
            { tenant, id },
            { clock: store.options.clock, sample: 0 },
          );
          out(`${tenant}/${id}: ${describeOutcome(outcome)}${after ? `; ${versionLine(after.info)}` : ""}`);
          if (outcome === "failed") process.exitCode = 1;
          return;
        }
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
      }),
    );

  sub
    .command("drop")
    .description(
      "delete a subscription's keys (members, meta, lock, journal, Stage 2 cache) and its event-index entries; " +
        "the next search populates it again",
    )
    .argument("<id>", "subscription id", subscriptionId)
    .requiredOption(...tenantOption)
    .action((id: string, _flags: unknown, command: Command) =>
      withStore(command, async (store, { tenant }) => {
        const result = await dropSubscription(store, { tenant, id });
        if (result.deletedKeys === 0 && result.indexEntries === 0) throw notFound(tenant, id);
        out(
          `${tenant}/${id}: dropped ${result.deletedKeys} key${result.deletedKeys === 1 ? "" : "s"} and ` +
            `${result.indexEntries} event-index entr${result.indexEntries === 1 ? "y" : "ies"}`,
        );
      }),
    );
}

/** A root program with only the sub commands (tests); errors throw instead of exiting. */
export function createSubProgram(io: OperatorIo = {}): Command {
  const program = new Command("subq").exitOverride();
  registerSubCommands(program, io);
  return program;
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
    const found = await inspectSubscription(store, { tenant, id }, { clock: store.options.clock, sample: 0 });
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

function summary({ info, expiresInMs, lockTtlMs }: SubscriptionInspection) {
  const { sample: _sample, ...rest } = info;
  return { ...rest, expiresInMs, locked: lockTtlMs !== null };
}

function detail({ info, meta, expiresInMs, lockTtlMs }: SubscriptionInspection) {
  return {
    ...info,
    expiresInMs,
    lockTtlMs,
    staleFlag: meta.stale,
    createdAt: meta.createdAt,
    refreshedAt: meta.refreshedAt,
    committedAt: meta.committedAt,
    lastReadAt: meta.lastReadAt,
    gen: meta.gen,
    dataGen: meta.dataGen,
    seq: meta.seq,
  };
}

function notFound(tenant: string, id: string): SubqError {
  return new SubqError(
    "E_NOT_FOUND",
    `tenant ${tenant} has no subscription ${id} in Redis (expired, dropped or never used); ` +
      `\`subq sub ls --tenant ${tenant}\` lists the ones there are`,
  );
}

function iso(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString();
}

function subscriptionId(value: string): string {
  try {
    return checkSubscriptionId(value);
  } catch {
    throw new InvalidArgumentError(
      "a subscription id is 1-64 characters a-z, 0-9, _ or - (the ID column of `subq sub ls`)",
    );
  }
}
