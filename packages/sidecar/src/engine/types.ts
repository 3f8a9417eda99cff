/**
 * The Engine: everything the HTTP layer (and tests, and the demo) call. Transport-free:
 * plain values in, plain values out, errors as `SubqError` with stable codes.
 * Design: docs/sidecar.md.
 */

export type Consistency = "cached" | "direct";

export interface SearchRequest {
  readonly tenant: string;
  readonly jql: string;
  /** The searching user's id, supplied by the calling application; null = anonymous. */
  readonly user: string | null;
  /** Default 0. */
  readonly startAt?: number;
  /** Default 50, at most 1000. */
  readonly maxResults?: number;
  /** "direct" bypasses the cache (diagnostics and reference). Default "cached". */
  readonly consistency?: Consistency;
  /** Read-your-writes: a transaction id the caller committed (pg_current_xact_id()). */
  readonly minTxid?: string;
}

export interface IssueRef {
  /** The issue id as a decimal string (ids are bigint in the database). */
  readonly id: string;
  readonly key: string;
}

/** Where an answer came from. */
export type AnswerSource = "cache" | "populate" | "direct";

export interface SearchResponse {
  readonly issues: readonly IssueRef[];
  readonly total: number;
  /** Moves whenever the results may have changed; compare it to poll cheaply. */
  readonly version: number;
  /** True when served from data an event has dirtied or older than the staleness bound. */
  readonly stale: boolean;
  /** Age of the Stage 1 data used, ms; 0 for direct answers. */
  readonly ageMs: number;
  readonly source: AnswerSource;
  /** Why the normal path was not taken, when it was not (e.g. "redis-unavailable", "too-large"). */
  readonly degraded?: string;
}

export interface QueryRef {
  readonly tenant: string;
  readonly jql: string;
  readonly user: string | null;
}

export interface VersionResponse {
  readonly version: number;
  readonly stale: boolean;
  /** "redis-unavailable": the version of the outage window, which moves every window. */
  readonly degraded?: string;
}

export interface ContainsRequest extends QueryRef {
  /** Issue key (`FOO-12`) or numeric id. */
  readonly issue: string;
}

export interface ContainsResponse {
  readonly contains: boolean;
  readonly version: number;
  readonly stale: boolean;
}

export interface ExplainResponse {
  readonly jql: string;
  readonly normalized: string;
  readonly subscription: string | null;
  readonly stage1: string | null;
  readonly stage2: string | null;
  readonly stage2Only: boolean;
  readonly metadata: Readonly<Record<string, readonly string[]>>;
  readonly clauses: readonly { readonly text: string; readonly class: string; readonly why: string }[];
}

export interface SubscriptionInfo {
  readonly tenant: string;
  readonly id: string;
  readonly state: "fresh" | "stale" | "tooLarge" | "populating" | "missing";
  readonly version: number;
  readonly size: number;
  readonly ageMs: number | null;
  readonly stage1: string | null;
  readonly metadata: Readonly<Record<string, readonly string[]>>;
  readonly position: string | null;
  /** A few member ids, for debugging. */
  readonly sample: readonly string[];
}

export interface IngestResult {
  /** Events accepted (all of them, or the request fails with nothing applied). */
  readonly accepted: number;
  /** Subscriptions matched (dirtied or patched), summed over events. */
  readonly matched: number;
  /** Of those, patched from a full snapshot without a database query. */
  readonly patched: number;
  /**
   * Events kept to be applied when Redis (or the database) is back (event-backlog.ts);
   * `matched` and `patched` do not count them.
   */
  readonly deferred?: number;
}

export interface ReadinessReport {
  readonly ready: boolean;
  /** A dependency is unavailable: searches are answered degraded (see engine.readyWhenDegraded). */
  readonly degraded?: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

export interface Engine {
  search(request: SearchRequest): Promise<SearchResponse>;
  version(request: QueryRef): Promise<VersionResponse>;
  contains(request: ContainsRequest): Promise<ContainsResponse>;
  /** Yields the current version at once, then every change, until `signal` aborts. */
  watch(request: QueryRef, signal: AbortSignal): AsyncIterable<VersionResponse>;
  explain(tenant: string, jql: string): Promise<ExplainResponse>;
  subscription(tenant: string, id: string): Promise<SubscriptionInfo>;
  /** Validates every event first; applies all or none. */
  ingestEvents(tenant: string, events: readonly unknown[]): Promise<IngestResult>;
  /** Known tenant names (for 404 messages and readiness). */
  tenants(): readonly string[];
  ready(): Promise<ReadinessReport>;
  close(): Promise<void>;
}
