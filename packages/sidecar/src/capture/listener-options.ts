/**
 * Options of the Postgres event listener (listener.ts): what it needs, documented defaults,
 * and one pure function that resolves them into a frozen, complete object.
 */
import type { Sql } from "../db/connect.js";
import { type EngineLogger, silentLogger } from "../engine/engine-metrics.js";
import type { Engine, IngestResult } from "../engine/types.js";
import type { Store } from "../redis/index.js";
import { EVENT_CHANNEL } from "./triggers.js";

/** What one ingestion of a batch did (for metrics and tests). */
export interface BatchReport {
  /** Notifications in the batch (pings excluded). */
  readonly notifications: number;
  /** Events ingested after merging (configuration events included). */
  readonly events: number;
  /** Why the batch also treated every subscription as changed, if it did. */
  readonly resync: string | null;
  readonly result: IngestResult;
  /** From the first notification's arrival to the end of the ingestion. */
  readonly ms: number;
}

export interface EventListenerOptions {
  /** Where events go: `engine.ingestEvents(tenant, events)`. */
  readonly engine: Pick<Engine, "ingestEvents">;
  readonly tenant: string;
  /** The tenant database (postgres.js); `sql.listen` opens one dedicated connection. */
  readonly sql: Sql;
  /** The Redis store holding the tenant's listener lease. */
  readonly store: Store;
  /** Default: silent. */
  readonly logger?: EngineLogger;
  /** Default "subq_events", the channel of sql/triggers.sql. */
  readonly channel?: string;
  /** Lease expiry: a dead holder is replaced after at most this plus `renewEveryMs`. Default 15 000. */
  readonly leaseTtlMs?: number;
  /** How often the holder renews (and standbys try to take over). Default leaseTtlMs / 3. */
  readonly renewEveryMs?: number;
  /** Notifications arriving this soon after the first one are ingested together. Default 5. */
  readonly batchMs?: number;
  /** At most this many events per `ingestEvents` call. Default 2 000. */
  readonly maxEventsPerCall?: number;
  /** Notifications buffered while an ingestion runs; beyond this they are dropped and a resync follows. Default 10 000. */
  readonly maxPending?: number;
  /** After a failed ingestion, the resync is retried this often. Default 1 000. */
  readonly retryMs?: number;
  /** Called after every ingested batch. */
  readonly onBatch?: (report: BatchReport) => void;
}

export type ResolvedListenerOptions = Readonly<
  Required<Omit<EventListenerOptions, "onBatch">> & Pick<EventListenerOptions, "onBatch">
>;

const KNOWN = [
  "engine",
  "tenant",
  "sql",
  "store",
  "logger",
  "channel",
  "leaseTtlMs",
  "renewEveryMs",
  "batchMs",
  "maxEventsPerCall",
  "maxPending",
  "retryMs",
  "onBatch",
] as const;

export function resolveListenerOptions(options: EventListenerOptions): ResolvedListenerOptions {
  for (const name of Object.keys(options)) {
    if (!(KNOWN as readonly string[]).includes(name)) {
      throw new TypeError(`unknown event listener option "${name}"; the options are: ${KNOWN.join(", ")}`);
    }
  }
  for (const name of ["engine", "tenant", "sql", "store"] as const) {
    if (options[name] === undefined || options[name] === null) {
      throw new TypeError(`event listener option "${name}" is required`);
    }
  }
  const leaseTtlMs = positive("leaseTtlMs", options.leaseTtlMs ?? 15_000);
  const resolved: ResolvedListenerOptions = {
    engine: options.engine,
    tenant: options.tenant,
    sql: options.sql,
    store: options.store,
    logger: options.logger ?? silentLogger,
    channel: options.channel ?? EVENT_CHANNEL,
    leaseTtlMs,
    renewEveryMs: positive("renewEveryMs", options.renewEveryMs ?? Math.max(1, Math.floor(leaseTtlMs / 3))),
    batchMs: positive("batchMs", options.batchMs ?? 5, 0),
    maxEventsPerCall: positive("maxEventsPerCall", options.maxEventsPerCall ?? 2_000),
    maxPending: positive("maxPending", options.maxPending ?? 10_000),
    retryMs: positive("retryMs", options.retryMs ?? 1_000),
    onBatch: options.onBatch,
  };
  if (resolved.renewEveryMs >= leaseTtlMs) {
    throw new TypeError(
      `renewEveryMs (${resolved.renewEveryMs}) must be below leaseTtlMs (${leaseTtlMs}), or the lease lapses between renewals`,
    );
  }
  return Object.freeze(resolved);
}

function positive(name: string, value: number, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new TypeError(
      `event listener option "${name}" must be a whole number >= ${min} (ms or a count), got ${String(value)}`,
    );
  }
  return value;
}
