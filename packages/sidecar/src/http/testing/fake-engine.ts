/**
 * A test double of the Engine for HTTP tests: canned answers, recorded calls, the real
 * JQL parser (so bad JQL fails with the real diagnostic), unknown tenants as the engine
 * reports them, injectable failures, and a watch driven by `pushVersion`.
 */
import { parse } from "@subq/jql";
import type {
  ContainsRequest,
  ContainsResponse,
  Engine,
  ExplainResponse,
  IngestResult,
  QueryRef,
  ReadinessReport,
  SearchRequest,
  SearchResponse,
  SubscriptionInfo,
  VersionResponse,
} from "../../engine/types.js";
import { SubqError } from "../../errors.js";

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

export class FakeEngine implements Engine {
  readonly calls: Call[] = [];
  /** Thrown by the next operation (then cleared). */
  failNext: unknown = null;
  readiness: ReadinessReport = { ready: true, checks: { redis: { ok: true }, "tenant:acme": { ok: true } } };
  current: VersionResponse = { version: 1, stale: false };
  /** Watches started, and how many ended (by abort or close). */
  watchesStarted = 0;
  watchesEnded = 0;
  closed = false;
  private readonly listeners = new Set<() => void>();
  private watchFailure: unknown = null;

  constructor(private readonly known: readonly string[] = ["acme"]) {}

  async search(request: SearchRequest): Promise<SearchResponse> {
    this.enter("search", request, request.tenant, request.jql);
    return {
      issues: [{ id: "10001", key: "FOO-1" }],
      total: 1,
      version: this.current.version,
      stale: this.current.stale,
      ageMs: 12,
      source: request.consistency === "direct" ? "direct" : "cache",
    };
  }

  async version(request: QueryRef): Promise<VersionResponse> {
    this.enter("version", request, request.tenant, request.jql);
    return this.current;
  }

  async contains(request: ContainsRequest): Promise<ContainsResponse> {
    this.enter("contains", request, request.tenant, request.jql);
    return { contains: request.issue === "FOO-1", ...this.current };
  }

  async *watch(request: QueryRef, signal: AbortSignal): AsyncGenerator<VersionResponse> {
    this.enter("watch", request, request.tenant, request.jql);
    this.watchesStarted++;
    let wake: (() => void) | null = null;
    let pending = false;
    const poke = () => {
      pending = true;
      wake?.();
    };
    this.listeners.add(poke);
    signal.addEventListener("abort", poke);
    try {
      yield this.current;
      while (!signal.aborted) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        pending = false;
        if (this.watchFailure !== null) throw this.watchFailure;
        if (!signal.aborted) yield this.current;
      }
    } finally {
      this.listeners.delete(poke);
      signal.removeEventListener("abort", poke);
      this.watchesEnded++;
    }
  }

  /** Moves the version; every watch yields it. */
  pushVersion(next: VersionResponse): void {
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  /** Every running watch throws `error` (as the engine's would on a lost connection). */
  failWatches(error: unknown): void {
    this.watchFailure = error;
    for (const listener of this.listeners) listener();
  }

  async explain(tenant: string, jql: string): Promise<ExplainResponse> {
    this.enter("explain", { tenant, jql }, tenant, jql);
    return {
      jql,
      normalized: jql,
      subscription: "s1",
      stage1: jql,
      stage2: null,
      stage2Only: false,
      metadata: { project: ["10000"] },
      clauses: [{ text: jql, class: "static", why: "no user, no clock" }],
    };
  }

  async subscription(tenant: string, id: string): Promise<SubscriptionInfo> {
    this.enter("subscription", { tenant, id }, tenant);
    if (id !== "s1")
      throw new SubqError("E_NOT_FOUND", `no subscription '${id}' in tenant '${tenant}'`, { tenant });
    return {
      tenant,
      id,
      state: "fresh",
      version: this.current.version,
      size: 3,
      ageMs: 1_000,
      stage1: "project = 10000",
      metadata: { project: ["10000"] },
      position: "0/16B3748@100:100:",
      sample: ["1", "2", "3"],
    };
  }

  async ingestEvents(tenant: string, events: readonly unknown[]): Promise<IngestResult> {
    this.enter("ingestEvents", { tenant, events }, tenant);
    return { accepted: events.length, matched: 2 * events.length, patched: events.length };
  }

  tenants(): readonly string[] {
    return this.known;
  }

  async ready(): Promise<ReadinessReport> {
    this.calls.push({ method: "ready", args: [] });
    return this.readiness;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Records the call, then fails as the engine would: injected failure, unknown tenant, bad JQL. */
  private enter(method: string, request: unknown, tenant: string, jql?: string): void {
    this.calls.push({ method, args: [request] });
    const failure = this.failNext;
    if (failure !== null) {
      this.failNext = null;
      throw failure;
    }
    if (!this.known.includes(tenant)) {
      throw new SubqError(
        "E_UNKNOWN_TENANT",
        `unknown tenant '${tenant}' (configured tenants: ${this.known.join(", ")})`,
        {
          tenant,
        },
      );
    }
    if (jql !== undefined) parse(jql);
  }
}
