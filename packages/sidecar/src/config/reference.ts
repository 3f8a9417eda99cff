/**
 * CONFIG_REFERENCE: every option with its default, environment variable, kind and
 * description. It drives validation (resolve.ts), the environment (load.ts) and the
 * README's configuration reference (`subq config reference`). Defaults of options owned
 * by other layers are read from those layers, so there is one source for each.
 */
import { resolveDbOptions } from "../db/connect.js";
import { ENGINE_DEFAULTS } from "../engine/context.js";
import { STORE_DEFAULTS } from "../redis/options.js";
import { REFRESH_QUEUE_DEFAULTS } from "../refresh/options.js";
import { grants } from "./grants.js";
import type { OptionSpec } from "./kinds.js";
import * as k from "./kinds.js";
import { tokens } from "./tokens.js";

export type { OptionSpec } from "./kinds.js";

/** The environment variable naming the configuration file (`--config` wins over it). */
export const CONFIG_FILE_ENV = "SUBQ_CONFIG";

const db = resolveDbOptions({});
const ms = (key: string, env: string, value: number, description: string, kind = k.positiveMs) => ({
  key,
  env,
  kind,
  default: value,
  description,
});

export const CONFIG_REFERENCE: readonly OptionSpec[] = Object.freeze([
  {
    key: "role",
    env: "SUBQ_ROLE",
    kind: k.oneOf(["api", "worker", "all"]),
    default: "all",
    description:
      "api: serve the HTTP API; worker: work refresh jobs (HTTP serves only /healthz, /readyz, /metrics); all: both",
  },
  {
    key: "host",
    env: "SUBQ_HOST",
    kind: k.hostname,
    default: "127.0.0.1",
    description: "Address to listen on (0.0.0.0 for all interfaces, e.g. in a container)",
  },
  {
    key: "port",
    env: "SUBQ_PORT",
    kind: k.integer(0, 65_535),
    default: 7480,
    description: "HTTP port (0: any free port)",
  },
  {
    key: "logLevel",
    env: "SUBQ_LOG_LEVEL",
    kind: k.oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    default: "info",
    description: "Log level (JSON lines on stdout)",
  },
  ms(
    "shutdownTimeoutMs",
    "SUBQ_SHUTDOWN_TIMEOUT_MS",
    10_000,
    "On SIGTERM/SIGINT, how long in-flight requests may finish before their connections are closed",
  ),
  ms(
    "shutdownDrainMs",
    "SUBQ_SHUTDOWN_DRAIN_MS",
    5_000,
    "On SIGTERM, how long an API process keeps serving before it stops accepting: /readyz fails, watch streams end and every response closes its connection, so load balancers and keep-alive clients move off without a failed request. At least the keep-alive timeout (5 s) lets idle connections close the ordinary way. 0: none; SIGINT and a worker-only process skip it",
    k.nonNegativeMs,
  ),
  {
    key: "redis.url",
    env: "SUBQ_REDIS_URL",
    kind: k.redisUrl,
    default: "redis://127.0.0.1:6379",
    description: "Redis to use (not used when redis.cluster is set)",
  },
  {
    key: "redis.cluster",
    env: "SUBQ_REDIS_CLUSTER",
    kind: k.hostPorts,
    default: [],
    description:
      "Redis Cluster nodes to start from (host:port, comma-separated); empty: a single Redis at redis.url",
  },
  ms(
    "redis.commandTimeoutMs",
    "SUBQ_REDIS_COMMAND_TIMEOUT_MS",
    2_000,
    "A Redis command not answered in this time fails (and counts toward the circuit breaker)",
  ),
  ms(
    "redis.connectTimeoutMs",
    "SUBQ_REDIS_CONNECT_TIMEOUT_MS",
    5_000,
    "Give up a Redis connection attempt after this long",
  ),
  {
    key: "tenants.list",
    env: "SUBQ_TENANTS",
    kind: k.tenantList,
    default: {},
    description:
      'Tenants inline: {"<tenant>": {"databaseUrl": "postgres://...", "timeZone"?: "Europe/Berlin", "weekStart"?: 0 or 1}}; entries override the file\'s',
  },
  {
    key: "tenants.file",
    env: "SUBQ_TENANTS_FILE",
    kind: k.text,
    default: null,
    description: "A JSON file of tenants in the same shape as tenants.list",
  },
  {
    key: "tenants.databaseUrlTemplate",
    env: "SUBQ_DATABASE_URL",
    kind: k.urlTemplate,
    default: null,
    description:
      "postgres:// URL template containing {tenant} for tenants not listed (with no tenant configuration at all: postgres://postgres@127.0.0.1:5432/subq_{tenant})",
  },
  {
    key: "tenants.names",
    env: "SUBQ_TENANT_NAMES",
    kind: k.tenantNames,
    default: [],
    description: "Tenants served through the URL template, comma-separated (a template cannot list them)",
  },
  {
    key: "auth.tokens",
    env: "SUBQ_TOKENS",
    kind: tokens,
    default: {},
    description:
      "Application name → bearer token (app:token,app2:token2); every API request needs one of the tokens",
  },
  {
    key: "auth.grants",
    env: "SUBQ_TOKEN_GRANTS",
    kind: grants,
    default: {},
    description:
      'Limits an application\'s token to tenants and access: {"<app>": {"tenants"?: ["acme"], "access"?: "read", "publish" or "all"}}. read: search, version, watch, contains, explain, subscriptions, report reads; publish: POST events, report runs. Applications without a grant (and a grant\'s omitted parts) keep full access to every tenant. Separate from auth.tokens: grants are not secret, so errors can name them and they can be reviewed without the tokens. Granted tenants must be configured, unless tenants come from a file or a URL template',
  },
  {
    key: "auth.publicRoutes",
    env: "SUBQ_PUBLIC_ROUTES",
    kind: k.listOf(["healthz", "readyz", "metrics", "openapi"], "none"),
    default: ["healthz", "readyz", "metrics", "openapi"],
    description:
      "Routes served without a token (comma-separated, or none); /readyz then tells a caller without a valid token only whether it is ready and which class of check fails",
  },
  {
    key: "auth.disabled",
    env: "SUBQ_AUTH_DISABLED",
    kind: k.boolean,
    default: false,
    description: "Serve every route without a token. Local development only: the caller names the user",
  },
  {
    key: "http.maxBodyBytes",
    env: "SUBQ_MAX_BODY_BYTES",
    kind: k.integer(1, 64 * 1024 * 1024, "bytes"),
    default: 1_048_576,
    description: "Largest request body accepted",
  },
  {
    key: "http.maxEventsPerRequest",
    env: "SUBQ_MAX_EVENTS_PER_REQUEST",
    kind: k.integer(1, 100_000),
    default: 1_000,
    description: "Most events in one POST .../events",
  },
  ms(
    "http.watchHeartbeatMs",
    "SUBQ_WATCH_HEARTBEAT_MS",
    15_000,
    "Heartbeat comment interval of the watch event stream",
  ),
  ms(
    "store.stalenessBoundMs",
    "SUBQ_STALENESS_BOUND_MS",
    STORE_DEFAULTS.stalenessBoundMs,
    "Cached Stage 1 data older than this reads as stale even without an event",
  ),
  ms(
    "store.idleTtlMs",
    "SUBQ_IDLE_TTL_MS",
    STORE_DEFAULTS.idleTtlMs,
    "A subscription nobody reads expires after this long",
  ),
  ms(
    "store.readTouchIntervalMs",
    "SUBQ_READ_TOUCH_INTERVAL_MS",
    STORE_DEFAULTS.readTouchIntervalMs,
    "A read extends the idle expiry only when the last extension is at least this old (0: every read)",
    k.nonNegativeMs,
  ),
  ms("store.lockTtlMs", "SUBQ_LOCK_TTL_MS", STORE_DEFAULTS.lockTtlMs, "Expiry of the populate/refresh lock"),
  {
    key: "store.maxMembers",
    env: "SUBQ_MAX_MEMBERS",
    kind: k.positiveCount,
    default: STORE_DEFAULTS.maxMembers,
    description: "Stage 1 size cap: larger results are answered directly and remembered as too large",
  },
  ms(
    "store.tooLargeTtlMs",
    "SUBQ_TOO_LARGE_TTL_MS",
    STORE_DEFAULTS.tooLargeTtlMs,
    "How long a too-large decision is remembered",
  ),
  ms(
    "store.journalTtlMs",
    "SUBQ_JOURNAL_TTL_MS",
    STORE_DEFAULTS.journalTtlMs,
    "Expiry of the patch journal (at least the longest refresh)",
  ),
  {
    key: "store.journalMaxEntries",
    env: "SUBQ_JOURNAL_MAX_ENTRIES",
    kind: k.positiveCount,
    default: STORE_DEFAULTS.journalMaxEntries,
    description: "Patches kept in the journal; a refresh that saw more commits stale",
  },
  ms(
    "store.stage2TtlMs",
    "SUBQ_STAGE2_TTL_MS",
    STORE_DEFAULTS.stage2TtlMs,
    "Expiry of per-user Stage 2 cache entries",
  ),
  ms(
    "store.sharedStage2TtlMs",
    "SUBQ_SHARED_STAGE2_TTL_MS",
    STORE_DEFAULTS.sharedStage2TtlMs,
    "Expiry of Stage 2 answers shared by users of the same grants (until the version moves)",
  ),
  ms(
    "store.indexMarginMs",
    "SUBQ_INDEX_MARGIN_MS",
    STORE_DEFAULTS.indexMarginMs,
    "Event-index entries outlive the staleness bound by this (clock skew between nodes)",
    k.nonNegativeMs,
  ),
  {
    key: "store.indexFields",
    env: "SUBQ_INDEX_FIELDS",
    kind: k.fieldNames,
    default: STORE_DEFAULTS.indexFields,
    description: "Metadata fields the event index may use, most selective first",
  },
  ms(
    "engine.populateWaitMs",
    "SUBQ_POPULATE_WAIT_MS",
    ENGINE_DEFAULTS.populateWaitMs,
    "How long a cold search waits for another process's populate",
  ),
  {
    key: "engine.coldPolicy",
    env: "SUBQ_COLD_POLICY",
    kind: k.oneOf(["direct", "error"]),
    default: ENGINE_DEFAULTS.coldPolicy,
    description: "After that wait: answer from the database (direct, flagged) or fail with 503 (error)",
  },
  {
    key: "engine.planCacheSize",
    env: "SUBQ_PLAN_CACHE_SIZE",
    kind: k.positiveCount,
    default: ENGINE_DEFAULTS.planCacheSize,
    description: "Query plans kept in memory (LRU)",
  },
  {
    key: "engine.directConcurrency",
    env: "SUBQ_DIRECT_CONCURRENCY",
    kind: k.positiveCount,
    default: ENGINE_DEFAULTS.directConcurrency,
    description: "Concurrent direct answers while Redis is unavailable; beyond them 503",
  },
  {
    key: "engine.refreshConcurrencyPerTenant",
    env: "SUBQ_REFRESH_CONCURRENCY_PER_TENANT",
    kind: k.positiveCount,
    default: REFRESH_QUEUE_DEFAULTS.concurrencyPerTenant,
    description: "Refreshes of one tenant running at once",
  },
  ms(
    "engine.lastGoodTtlMs",
    "SUBQ_LAST_GOOD_TTL_MS",
    ENGINE_DEFAULTS.lastGoodTtlMs,
    "How long the last good Stage 2 answer is kept for database outages",
  ),
  {
    key: "engine.largeSetMinIds",
    env: "SUBQ_LARGE_SET_MIN_IDS",
    kind: k.positiveCount,
    default: ENGINE_DEFAULTS.largeSetMinIds,
    description:
      "From this many members on, a page is computed by Stage 2 over the ids or by the whole query, whichever each query measures cheaper",
  },
  {
    key: "engine.redisOutageWindowMs",
    env: "SUBQ_REDIS_OUTAGE_WINDOW_MS",
    kind: k.positiveMs,
    default: ENGINE_DEFAULTS.redisOutageWindowMs,
    description:
      "While Redis is unavailable, answers come from the database at most once per window for each query, grants and page in a process (kept in memory), and versions move once per window",
  },
  {
    key: "engine.queue",
    env: "SUBQ_QUEUE",
    kind: k.oneOf(["bullmq", "memory"]),
    default: "bullmq",
    description: "Refresh queue: bullmq (shared by the fleet through Redis) or memory (this process only)",
  },
  {
    key: "engine.listen",
    env: "SUBQ_LISTEN",
    kind: k.boolean,
    default: false,
    description:
      "Take events from Postgres LISTEN/NOTIFY (install the triggers first: subq db install-triggers); one process per tenant listens, the others stand by",
  },
  {
    key: "engine.readyWhenDegraded",
    env: "SUBQ_READY_WHEN_DEGRADED",
    kind: k.boolean,
    default: true,
    description:
      "/readyz stays ready (with degraded: true) while Redis or a tenant's database is unavailable, since searches are still answered: as a sidecar, failing readiness would take every application pod out of service at once when the shared Redis goes. false: not ready then, so a load balancer routes around this process",
  },
  ms(
    "db.statementTimeoutMs",
    "SUBQ_DB_STATEMENT_TIMEOUT_MS",
    db.statementTimeoutMs,
    "Postgres statement_timeout of every query",
  ),
  {
    key: "db.maxConnections",
    env: "SUBQ_DB_MAX_CONNECTIONS",
    kind: k.positiveCount,
    default: db.maxConnections,
    description: "Connection pool size per tenant",
  },
  ms(
    "db.connectTimeoutMs",
    "SUBQ_DB_CONNECT_TIMEOUT_MS",
    db.connectTimeoutMs,
    "Give up opening a Postgres connection after this long",
  ),
  ms(
    "db.idleTimeoutMs",
    "SUBQ_DB_IDLE_TIMEOUT_MS",
    db.idleTimeoutMs,
    "Close Postgres connections idle for this long",
  ),
  ms(
    "metrics.dbLoadWindowMs",
    "SUBQ_DB_LOAD_WINDOW_MS",
    60_000,
    "Sliding window of subq_db_load_per_user_seconds (database time / distinct users)",
  ),
]);
