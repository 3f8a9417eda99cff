/**
 * The shapes the client sends and receives, written by hand from the sidecar's contract
 * (packages/sidecar/src/engine/types.ts and the HTTP routes). The client depends on no
 * server package, so these are the public API, kept in step by the end-to-end test.
 */

/** Per-call options every method takes. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `E_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call (per attempt). */
  readonly timeoutMs?: number;
}

/** A query as one user sees it. `user: null` searches as the anonymous user. */
export interface QueryRef {
  readonly jql: string;
  readonly user: string | null;
}

/** "direct" bypasses the cache (diagnostics and reference answers). */
export type Consistency = "cached" | "direct";

export interface SearchRequest extends QueryRef {
  /** Default 0. */
  readonly startAt?: number;
  /** Default 50 (server side), at most 1000. */
  readonly maxResults?: number;
  /** Default "cached". */
  readonly consistency?: Consistency;
  /** Read-your-writes: a transaction id the caller committed (`pg_current_xact_id()`). */
  readonly minTxid?: string;
}

export interface IssueRef {
  /** The issue id as a decimal string (ids are bigint in the database). */
  readonly id: string;
  readonly key: string;
}

/** Where an answer came from. */
export type AnswerSource = "cache" | "populate" | "direct";

export interface SearchResult {
  readonly issues: readonly IssueRef[];
  readonly total: number;
  /** Moves whenever the results may have changed; compare it to poll cheaply. */
  readonly version: number;
  /** True when served from data an event has dirtied or older than the staleness bound. */
  readonly stale: boolean;
  /** Age of the cached data used, ms; 0 for direct answers. */
  readonly ageMs: number;
  readonly source: AnswerSource;
  /** Why the normal path was not taken, when it was not ("redis-unavailable", "too-large"). */
  readonly degraded?: string;
}

export interface VersionInfo {
  readonly version: number;
  readonly stale: boolean;
}

export interface ContainsRequest extends QueryRef {
  /** Issue key (`FOO-12`) or numeric id. */
  readonly issue: string;
}

export interface ContainsResult {
  readonly contains: boolean;
  readonly version: number;
  readonly stale: boolean;
}

export interface Explanation {
  readonly jql: string;
  readonly normalized: string;
  readonly subscription: string | null;
  readonly stage1: string | null;
  readonly stage2: string | null;
  readonly stage2Only: boolean;
  readonly metadata: Readonly<Record<string, readonly string[]>>;
  readonly clauses: readonly { readonly text: string; readonly class: string; readonly why: string }[];
}

export type SubscriptionState = "fresh" | "stale" | "tooLarge" | "populating" | "missing";

export interface SubscriptionInfo {
  readonly tenant: string;
  readonly id: string;
  readonly state: SubscriptionState;
  readonly version: number;
  readonly size: number;
  readonly ageMs: number | null;
  readonly stage1: string | null;
  readonly metadata: Readonly<Record<string, readonly string[]>>;
  readonly position: string | null;
  /** A few member ids, for debugging. */
  readonly sample: readonly string[];
}

export interface PublishResult {
  /** Events accepted (all of them: a batch is applied whole or not at all). */
  readonly accepted: number;
  /** Subscriptions matched (dirtied or patched), summed over events. */
  readonly matched: number;
  /** Of those, patched from a full snapshot without a database query. */
  readonly patched: number;
  /**
   * Events the sidecar kept because Redis or the database was unavailable; it applies them
   * in order when that is back (a sidecar that dies first loses them: the staleness bound
   * corrects the cache).
   */
  readonly deferred?: number;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

/** `GET /healthz`: the process is up (it says nothing of Redis or Postgres; see readiness). */
export interface HealthReport {
  readonly status: "ok";
  readonly uptimeSeconds: number;
}
