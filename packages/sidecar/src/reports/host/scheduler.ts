/**
 * The refresh scheduler: every `intervalMs`, one pass in the whole fleet (a Redis lock,
 * released by its owner only) looks at every stored report of every tenant, asks the
 * refresh policy which are stale enough and read enough, and starts the most urgent ones
 * while runs in flight stay within the global budget `maxConcurrentRuns`. Ad-hoc runs are
 * not limited, but they count against the budget while they run.
 */
import { randomUUID } from "node:crypto";
import { createStore, type Store } from "../../redis/store.js";
import type { ReportService } from "../api/service.js";
import { scopeHash } from "../contract/scope.js";
import type { ReportMetrics } from "../framework/metrics.js";
import { asError } from "../framework/phases/stop.js";
import { resolveOptions } from "../options.js";
import { readActivity, readCounter, since } from "../policy/activity.js";
import { refreshPriority } from "../policy/refresh-policy.js";
import { releaseSchedulerLock, takeSchedulerLock } from "../store/redis-state.js";
import { listHeads } from "../store/report-read.js";
import type { TenantDatabases } from "../store/tenant-databases.js";

export interface ReportSchedulerOptions {
  readonly service: ReportService;
  readonly databases: TenantDatabases;
  /** The tenants to look at (e.g. the tenant registry's). */
  readonly tenants: () => readonly string[] | Promise<readonly string[]>;
  /** Runs in flight (fleet-wide) beyond which no scheduled run starts. Default 2. */
  readonly maxConcurrentRuns?: number;
  /** Time between passes. Default 60 000 ms. */
  readonly intervalMs?: number;
  readonly metrics?: ReportMetrics;
  readonly onError?: (error: Error) => void;
}

export interface ScheduledRun {
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  readonly runId: string;
  readonly priority: number;
}

interface Candidate {
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly priority: number;
}

export class ReportScheduler {
  readonly #options: ReportSchedulerOptions;
  readonly #budget: number;
  readonly #intervalMs: number;
  #store: Promise<Store> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<unknown> = Promise.resolve();

  constructor(options: ReportSchedulerOptions) {
    const limits = { maxConcurrentRuns: [1, 10_000], intervalMs: [10, 86_400_000] } as const;
    const defaults = { maxConcurrentRuns: 2, intervalMs: 60_000 };
    const picked = { maxConcurrentRuns: options.maxConcurrentRuns, intervalMs: options.intervalMs };
    const resolved = resolveOptions<{ maxConcurrentRuns?: number; intervalMs?: number }>(
      "report scheduler",
      defaults,
      picked,
      limits,
    );
    this.#options = options;
    this.#budget = resolved.maxConcurrentRuns;
    this.#intervalMs = resolved.intervalMs;
  }

  /** One pass; the runs it started (none when another process holds the pass). */
  async tick(): Promise<ScheduledRun[]> {
    const { service } = this.#options;
    this.#store ??= createStore(service.redis);
    const store = await this.#store;
    const { prefix } = service.options;
    const token = randomUUID();
    if (!(await takeSchedulerLock(store.client, prefix, token, this.#intervalMs))) return [];
    try {
      const free = this.#budget - (await service.queues.activeRuns());
      if (free <= 0) return [];
      const candidates: Candidate[] = [];
      for (const tenant of await this.#options.tenants()) {
        await this.#candidates(tenant).then(
          (found) => candidates.push(...found),
          (error: unknown) => this.#options.onError?.(asError(error)),
        );
      }
      candidates.sort((a, b) => b.priority - a.priority);
      const started: ScheduledRun[] = [];
      for (const candidate of candidates) {
        if (started.length >= free) break;
        const { tenant, tool, scope, params, priority } = candidate;
        const run = await service.startRun(tenant, tool, { scope, params }, "scheduled");
        if (run.coalesced) continue;
        this.#options.metrics?.scheduled(tenant, tool);
        started.push({ tenant, tool, scope, runId: run.id, priority });
      }
      return started;
    } finally {
      await releaseSchedulerLock(store.client, prefix, token);
    }
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#pass = this.tick().catch((error: unknown) => this.#options.onError?.(asError(error)));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops the passes and waits for the one running. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#pass;
  }

  async #candidates(tenant: string): Promise<Candidate[]> {
    const { service, databases } = this.#options;
    const [heads, activity] = await Promise.all([
      listHeads(databases.sql(tenant), tenant),
      readActivity(service.redis, tenant),
    ]);
    const now = service.options.clock();
    const known = new Set(service.tools.names());
    const found: Candidate[] = [];
    for (const head of heads) {
      if (!known.has(head.tool)) continue;
      const readsSince = since(activity.reads(readCounter(head.tool, scopeHash(head.scope))), head.readsMark);
      const changesSince = since(activity.changes(head.scopeProjects), head.changesMark);
      const ageMs = now - head.computedAt.getTime();
      const priority = refreshPriority({ readsSince, changesSince, ageMs }, service.policy);
      if (priority !== null)
        found.push({ tenant, tool: head.tool, scope: head.scope, params: head.params, priority });
    }
    return found;
  }
}
