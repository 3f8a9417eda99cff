/** Options of the BullMQ refresh queue: the shared ones plus connection, keys and timings. */
import { checkTenant } from "../redis/keys.js";
import type { QueueConnection } from "./bullmq-connection.js";
import {
  optionError,
  positiveInteger,
  REFRESH_QUEUE_DEFAULTS,
  type RefreshQueueOptions,
  resolveQueueOptions,
} from "./options.js";

export interface BullmqRefreshQueueOptions extends RefreshQueueOptions {
  /** ioredis options, or a factory of clients (see bullmq-connection.ts). Required. */
  readonly connection: QueueConnection;
  /** Prefix of every BullMQ key; must stay apart from subq's own `subq:` keys. Default "subq-queue". */
  readonly prefix?: string;
  /** Tenants this process works from the start; others are discovered. Default none. */
  readonly tenants?: readonly string[];
  /**
   * Which discovered tenants this process works: a sidecar can refresh only the tenants it
   * is configured with, and the fleet's list may hold others (other deployments sharing
   * the Redis, tenants since removed). Default every tenant.
   */
  readonly serves?: (tenant: string) => boolean;
  /** How often a worker looks for tenants first enqueued elsewhere. Default 5 000 ms. */
  readonly discoveryIntervalMs?: number;
  /**
   * BullMQ's lock on a running refresh, renewed while it runs. When a worker dies, its
   * refresh runs again elsewhere once the lock has expired (BullMQ's stalled check).
   * Default 30 000 ms.
   */
  readonly lockDurationMs?: number;
  /** How often workers look for refreshes whose worker died. Default 30 000 ms. */
  readonly stalledIntervalMs?: number;
  /** An enqueue fails with E_REDIS_UNAVAILABLE after this long. Default 2 000 ms. */
  readonly enqueueTimeoutMs?: number;
  /** close() waits this long for running refreshes, then hands them back to the queue. Default 10 000 ms. */
  readonly closeTimeoutMs?: number;
  /** Connection and worker errors (BullMQ retries on its own). Default: ignored. */
  readonly onError?: (error: Error) => void;
}

export type ResolvedBullmqOptions = Readonly<Required<BullmqRefreshQueueOptions>>;

const NAME = "BullMQ refresh queue";

const DEFAULTS: Omit<ResolvedBullmqOptions, "connection"> = Object.freeze({
  ...REFRESH_QUEUE_DEFAULTS,
  prefix: "subq-queue",
  tenants: Object.freeze([]),
  serves: () => true,
  discoveryIntervalMs: 5_000,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  enqueueTimeoutMs: 2_000,
  closeTimeoutMs: 10_000,
  onError: () => {},
});

export function resolveBullmqOptions(options: BullmqRefreshQueueOptions): ResolvedBullmqOptions {
  const { connection, ...rest } = options;
  if (connection === null || (typeof connection !== "object" && typeof connection !== "function")) {
    throw optionError(NAME, "connection", "expected ioredis options or a function returning a client");
  }
  const resolved = resolveQueueOptions(NAME, DEFAULTS as Readonly<Required<typeof rest>>, rest);
  for (const name of [
    "discoveryIntervalMs",
    "lockDurationMs",
    "stalledIntervalMs",
    "enqueueTimeoutMs",
    "closeTimeoutMs",
  ] as const) {
    positiveInteger(NAME, name, resolved[name]);
  }
  const { prefix } = resolved;
  if (typeof prefix !== "string" || !/^[^:\s]+$/.test(prefix) || prefix === "subq") {
    throw optionError(NAME, "prefix", `expected a name without ":" other than "subq", got ${String(prefix)}`);
  }
  for (const tenant of resolved.tenants) checkTenant(tenant);
  if (typeof resolved.onError !== "function") throw optionError(NAME, "onError", "expected a function");
  if (typeof resolved.serves !== "function") throw optionError(NAME, "serves", "expected a function");
  return Object.freeze({ ...resolved, tenants: Object.freeze([...resolved.tenants]), connection });
}
