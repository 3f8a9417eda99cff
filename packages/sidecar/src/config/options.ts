/**
 * The sidecar's options: a user-facing type (everything optional, defaults documented in
 * CONFIG_REFERENCE, reference.ts) and the complete, frozen object `resolveOptions` makes
 * of it. Durations are in ms. The same shape is the JSON of a configuration file.
 */
import type { DbOptions } from "../db/connect.js";
import type { TenantConfig } from "../db/tenants.js";
import type { StoreOptions } from "../redis/options.js";

export type Role = "api" | "worker" | "all";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
export type ColdPolicy = "direct" | "error";
export type QueueKind = "bullmq" | "memory";
/** Routes that may be served without a token. */
export type PublicRoute = "healthz" | "readyz" | "metrics" | "openapi";
/** What a token may do: read (queries, explain, reports), publish (events, report runs), or both. */
export type Access = "read" | "publish" | "all";

/** An application's grant (config/grants.ts); omitted parts: every tenant, all access. */
export interface TokenGrant {
  readonly tenants?: readonly string[];
  readonly access?: Access;
}

export interface SidecarOptions {
  /** api: serve the HTTP API; worker: work refresh jobs (HTTP: probes and metrics only); all: both. */
  readonly role?: Role;
  readonly host?: string;
  readonly port?: number;
  readonly logLevel?: LogLevel;
  /** How long a shutdown waits for in-flight requests before closing them. */
  readonly shutdownTimeoutMs?: number;
  /** On SIGTERM, how long the API keeps serving (not ready, closing each connection) first. */
  readonly shutdownDrainMs?: number;
  readonly redis?: {
    readonly url?: string;
    /** Redis Cluster nodes ("host:port"); when given, `url` is not used. */
    readonly cluster?: readonly string[];
    readonly commandTimeoutMs?: number;
    readonly connectTimeoutMs?: number;
  };
  /** The tenant registry (db/tenants.ts): inline, a file, and/or a URL template. */
  readonly tenants?: {
    readonly list?: Readonly<Record<string, TenantConfig>>;
    readonly file?: string;
    readonly databaseUrlTemplate?: string;
    /** Tenants served through the URL template (a template cannot list them). */
    readonly names?: readonly string[];
  };
  readonly auth?: {
    /** Application name → bearer token. */
    readonly tokens?: Readonly<Record<string, string>>;
    /** Application name → the tenants and access its token is limited to; others: full access. */
    readonly grants?: Readonly<Record<string, TokenGrant>>;
    readonly publicRoutes?: readonly PublicRoute[];
    /** Serve every route without a token (local development only). */
    readonly disabled?: boolean;
  };
  readonly http?: {
    readonly maxBodyBytes?: number;
    readonly maxEventsPerRequest?: number;
    readonly watchHeartbeatMs?: number;
  };
  /** Passed through to the Redis store: redis/options.ts StoreOptions (the clock and script directory stay code-only). */
  readonly store?: Omit<StoreOptions, "clock" | "luaDir">;
  readonly engine?: {
    readonly populateWaitMs?: number;
    readonly coldPolicy?: ColdPolicy;
    readonly planCacheSize?: number;
    readonly directConcurrency?: number;
    readonly refreshConcurrencyPerTenant?: number;
    readonly lastGoodTtlMs?: number;
    /** Member sets this large or larger: Stage 2 or the whole query, whichever measures cheaper. */
    readonly largeSetMinIds?: number;
    /** While Redis is unavailable: versions move, and answers kept in process expire, this often. */
    readonly redisOutageWindowMs?: number;
    readonly queue?: QueueKind;
    /** Listen for the events of `subq db install-triggers` (one listener per tenant in the fleet). */
    readonly listen?: boolean;
    /** /readyz stays ready, flagged degraded, while Redis or a tenant's database is unavailable. */
    readonly readyWhenDegraded?: boolean;
  };
  /** Passed through to every tenant's Postgres pool: db/connect.ts DbOptions (application_name is set per role). */
  readonly db?: Omit<DbOptions, "applicationName">;
  readonly metrics?: {
    /** The sliding window of subq_db_load_per_user_seconds. */
    readonly dbLoadWindowMs?: number;
  };
}

type Complete<T> = { readonly [K in keyof T]-?: Exclude<T[K], undefined> };

export interface ResolvedSidecarOptions {
  readonly role: Role;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  readonly shutdownDrainMs: number;
  readonly redis: Complete<NonNullable<SidecarOptions["redis"]>>;
  readonly tenants: {
    readonly list: Readonly<Record<string, TenantConfig>>;
    readonly file: string | null;
    readonly databaseUrlTemplate: string | null;
    readonly names: readonly string[];
  };
  readonly auth: Complete<NonNullable<SidecarOptions["auth"]>>;
  readonly http: Complete<NonNullable<SidecarOptions["http"]>>;
  readonly store: Complete<NonNullable<SidecarOptions["store"]>>;
  readonly engine: Complete<NonNullable<SidecarOptions["engine"]>>;
  readonly db: Complete<NonNullable<SidecarOptions["db"]>>;
  readonly metrics: Complete<NonNullable<SidecarOptions["metrics"]>>;
}
