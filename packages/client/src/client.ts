/**
 * `createClient`: the typed calls of one tenant's sidecar API. Reads are retried on
 * transient failures — `search` too: it is a POST only so that long JQL travels in a
 * body, and reads nothing but the cache and the database. `publishEvents` is sent once
 * unless the caller opts in (`{ retry: true }`), see PublishOptions.
 */
import { callObject } from "./call.js";
import type { SubqEvent } from "./events.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { tenantPath, withQuery } from "./paths.js";
import { type PollHandle, type PollOptions, poll } from "./poll.js";
import { type ReportCalls, reportCalls } from "./reports.js";
import type {
  CallOptions,
  ContainsRequest,
  ContainsResult,
  Explanation,
  HealthReport,
  PublishResult,
  QueryRef,
  ReadinessReport,
  SearchRequest,
  SearchResult,
  SubscriptionInfo,
  VersionInfo,
} from "./types.js";
import { type WatchOptions, watchVersions } from "./watch.js";

export interface PublishOptions extends CallOptions {
  /**
   * Retry transient failures like a read. Only safe when a batch applied twice does no
   * harm — true of events that carry a full `snapshot` or `before`/`after` values (a
   * duplicate re-applies the same patch or marks the same queries stale again) — but the
   * counts in the answer then include the duplicate. Default false.
   */
  readonly retry?: boolean;
}

export interface SubqClient extends ReportCalls {
  readonly tenant: string;
  search(request: SearchRequest, options?: CallOptions): Promise<SearchResult>;
  version(ref: QueryRef, options?: CallOptions): Promise<VersionInfo>;
  /** The version now, then every change, over SSE; see watch.ts for reconnects. */
  watch(ref: QueryRef, options?: WatchOptions): AsyncGenerator<VersionInfo, void, undefined>;
  contains(request: ContainsRequest, options?: CallOptions): Promise<ContainsResult>;
  explain(jql: string, options?: CallOptions): Promise<Explanation>;
  subscription(id: string, options?: CallOptions): Promise<SubscriptionInfo>;
  publishEvents(events: readonly SubqEvent[], options?: PublishOptions): Promise<PublishResult>;
  /** Fetches results when (and only when) the version moved; see poll.ts. */
  poll(options: PollOptions): PollHandle;
  health(options?: CallOptions): Promise<HealthReport>;
  /** `{ ready: false, checks }` when the sidecar answers 503 with its failing checks. */
  ready(options?: CallOptions): Promise<ReadinessReport>;
  // Pre-computed reports (runReport, reportRun, report, waitForReportRun): reports.ts.
}

export function createClient(clientOptions: ClientOptions): SubqClient {
  const options: ResolvedOptions = resolveOptions(clientOptions);
  const path = (...segments: string[]) => tenantPath(options.tenant, ...segments);
  const get = (p: string) => ({ method: "GET", path: p, idempotent: true }) as const;
  const client: SubqClient = {
    tenant: options.tenant,
    ...reportCalls(options),
    search: (request, call) =>
      callObject(
        options,
        { method: "POST", path: path("search"), body: searchBody(request), idempotent: true },
        call,
        { issues: "array", total: "number", version: "number", stale: "boolean" },
      ),
    version: (ref, call) =>
      callObject(options, get(withQuery(path("version"), { jql: ref.jql, user: ref.user })), call, {
        version: "number",
        stale: "boolean",
      }),
    watch: (ref, watch) => watchVersions(options, ref, watch),
    contains: (request, call) =>
      callObject(
        options,
        get(withQuery(path("contains"), { jql: request.jql, user: request.user, issue: request.issue })),
        call,
        { contains: "boolean", version: "number", stale: "boolean" },
      ),
    explain: (jql, call) => callObject(options, get(withQuery(path("explain"), { jql })), call),
    subscription: (id, call) => callObject(options, get(path("subscriptions", id)), call),
    publishEvents: (events, publish = {}) =>
      callObject(
        options,
        { method: "POST", path: path("events"), body: { events }, idempotent: publish.retry === true },
        publish,
        { accepted: "number" },
      ),
    poll: (pollOptions) => poll(client, pollOptions),
    health: (call) => callObject(options, get("/healthz"), call, { status: "string" }),
    // Not ready is an answer (503 with the failing checks), not an error to retry.
    ready: (call) =>
      callObject(options, { ...get("/readyz"), answers: [503] }, call, {
        ready: "boolean",
        checks: "object",
      }),
  };
  return Object.freeze(client);
}

/** Only the fields the server knows: a typo'd extra key is not sent along. */
function searchBody(request: SearchRequest): Record<string, unknown> {
  return {
    jql: request.jql,
    user: request.user,
    startAt: request.startAt,
    maxResults: request.maxResults,
    consistency: request.consistency,
    minTxid: request.minTxid,
  };
}
