/**
 * Opening Postgres connections. Every pool subq opens goes through `connect`, so every
 * connection has a connect timeout, an idle timeout and a server-side statement_timeout
 * (fail fast; STYLE.md "Options").
 */
import postgres from "postgres";

/** Anything queries can run on: a pool, a reserved connection or a transaction. */
export type Queryable = postgres.ISql;
export type Sql = postgres.Sql;

export interface DbOptions {
  /** Give up opening a connection after this long. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Close connections idle for this long. Default 30 000 ms. */
  readonly idleTimeoutMs?: number;
  /** Server-side `statement_timeout` of every statement. Default 30 000 ms; bulk jobs raise it. */
  readonly statementTimeoutMs?: number;
  /** Pool size. Default 10. */
  readonly maxConnections?: number;
  /** `application_name`, visible in pg_stat_activity. Default "subq". */
  readonly applicationName?: string;
}

export type ResolvedDbOptions = Readonly<Required<DbOptions>>;

const DEFAULTS: ResolvedDbOptions = {
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  statementTimeoutMs: 30_000,
  maxConnections: 10,
  applicationName: "subq",
};

/** Resolves user options into a frozen, complete object; unknown or bad options throw. */
export function resolveDbOptions(options: DbOptions = {}): ResolvedDbOptions {
  for (const [name, value] of Object.entries(options)) {
    if (!(name in DEFAULTS)) {
      const known = Object.keys(DEFAULTS).join(", ");
      throw new TypeError(`unknown database option "${name}"; the options are: ${known}`);
    }
    if (name !== "applicationName" && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
      throw new TypeError(`database option "${name}" must be a positive number (got ${String(value)})`);
    }
  }
  return Object.freeze({ ...DEFAULTS, ...stripUndefined(options) });
}

function stripUndefined(options: DbOptions): DbOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** Seconds before the n-th reconnect attempt after a failure: 50 ms doubling, at most 500 ms. */
export function reconnectDelaySeconds(attempt: number): number {
  return Math.min(0.05 * 2 ** Math.max(0, attempt - 1), 0.5);
}

/** Opens a lazy connection pool to `url` (no connection is made until the first query). */
export function connect(url: string, options: DbOptions = {}): Sql {
  const resolved = resolveDbOptions(options);
  return postgres(url, {
    max: resolved.maxConnections,
    connect_timeout: resolved.connectTimeoutMs / 1000,
    idle_timeout: resolved.idleTimeoutMs / 1000,
    onnotice: () => {},
    // postgres.js waits up to 20 s between reconnects after failures; a pool would stay
    // cold that long after its server came back. Callers bound retries themselves.
    backoff: reconnectDelaySeconds,
    connection: {
      application_name: resolved.applicationName,
      statement_timeout: resolved.statementTimeoutMs,
    },
  });
}
