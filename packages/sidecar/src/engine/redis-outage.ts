/**
 * Serving while Redis is unavailable (docs/sidecar.md "Failure behaviour": the database sees
 * at most about twice its steady load). Without Redis there are no member sets, no Stage 2
 * cache and no versions, and every poll would become a direct query. Instead, time is cut
 * into windows of `windowMs`:
 *  - a query's version during the outage is the start of the current window (never below a
 *    version this process has seen), so pollers fetch at most once per window;
 *  - answers are kept in this process for their window, shared by the users whose grants
 *    agree as the Stage 2 cache shares them, so the database answers each (query, grants,
 *    page) at most once per window in this process, whatever the number of pollers.
 * When Redis answers again, the first request of each tenant that was served this way
 * moves the tenant's configuration version (recover), so every version is above the
 * window versions handed out and every poller fetches once more from the real cache, and
 * the queries asked for during the outage are read again at once (`onRecovered`): a Redis
 * that came back empty is refilled before their pollers return, not one poll at a time.
 */
import type { Plan } from "@subq/jql";
import type { SubscriptionRef } from "../redis/index.js";
import type { AnswerKey, StoredAnswer } from "./answer.js";
import { Lru } from "./lru.js";
import type { TenantView } from "./tenant.js";

export interface RedisOutageOptions {
  /** Length of a window: the outage version moves, and kept answers expire, this often. */
  readonly windowMs: number;
  /** Answers kept in memory at most. */
  readonly maxAnswers: number;
}

export const REDIS_OUTAGE_DEFAULTS: RedisOutageOptions = Object.freeze({
  windowMs: 5_000,
  maxAnswers: 10_000,
});

export interface KeptAnswer extends StoredAnswer {
  /** When it was computed, ms. */
  readonly at: number;
}

export class RedisOutage {
  /** Per tenant: one tenant's recovery must not drop another's (a cluster shard still down). */
  private readonly answers = new Map<string, Lru<string, KeptAnswer>>();
  /** Per tenant: the configuration move of a recovery in flight, shared by its callers. */
  private readonly recoveries = new Map<string, Promise<number>>();
  /** Per tenant: the queries asked for during the outage (at most maxAnswers), to refill after. */
  private readonly asked = new Map<string, Set<Plan>>();
  /**
   * Tenants given window versions since Redis last answered, with the highest version
   * known when that began: a window's version must not change within the window.
   */
  private readonly floors = new Map<string, number>();

  constructor(
    readonly options: RedisOutageOptions,
    private readonly clock: () => number,
    /** Redis is back for `tenant`: these queries were asked for meanwhile. */
    private readonly onRecovered: (tenant: string, plans: readonly Plan[]) => void = () => {},
  ) {}

  /** The version of every query of `tenant` during the outage: the current window's start (ms × 1000). */
  windowVersion(tenant: string, atLeast: number, plan?: Plan): number {
    if (plan) {
      const plans = this.asked.get(tenant) ?? new Set<Plan>();
      this.asked.set(tenant, plans);
      if (plans.size < this.options.maxAnswers) plans.add(plan);
    }
    const floor = Math.max(this.floors.get(tenant) ?? 0, atLeast);
    this.floors.set(tenant, floor);
    const window = Math.floor(this.clock() / this.options.windowMs) * this.options.windowMs;
    return Math.max(window * 1000, floor);
  }

  /** The in-process answer cache for one query, keyed by the window version like the Stage 2 cache. */
  cacheFor(view: TenantView, ref: SubscriptionRef) {
    const keyOf = (key: AnswerKey) =>
      [
        ref.tenant,
        view.generation,
        key.plan.jql,
        key.shared ?? view.database.cacheIdentity(key.plan, key.user),
        key.version,
        key.page.startAt,
        key.page.maxResults,
      ].join("\u0000");
    let answers = this.answers.get(ref.tenant);
    if (!answers) {
      answers = new Lru(this.options.maxAnswers);
      this.answers.set(ref.tenant, answers);
    }
    const kept = answers;
    return {
      get: async (key: AnswerKey): Promise<KeptAnswer | undefined> => kept.get(keyOf(key)),
      set: (key: AnswerKey, answer: StoredAnswer): void => {
        kept.set(keyOf(key), { ...answer, at: this.clock() });
      },
    };
  }

  /**
   * Redis answers again for a tenant given window versions: `move` (the configuration
   * version bump) runs once however many requests arrive meanwhile, then the tenant's kept
   * answers are dropped. Resolves with the moved version, or null when nothing was owed.
   */
  async recover(tenant: string, move: () => Promise<number>): Promise<number | null> {
    if (!this.floors.has(tenant)) return null;
    let moving = this.recoveries.get(tenant);
    if (!moving) {
      moving = move()
        .then((version) => {
          this.floors.delete(tenant);
          this.answers.delete(tenant);
          const plans = [...(this.asked.get(tenant) ?? [])];
          this.asked.delete(tenant);
          this.onRecovered(tenant, plans);
          return version;
        })
        .finally(() => this.recoveries.delete(tenant));
      this.recoveries.set(tenant, moving);
    }
    return moving;
  }

  /** A tenant given window versions must move its configuration version before a real one is given. */
  owesRecovery(tenant: string): boolean {
    return this.floors.has(tenant);
  }
}
