/**
 * What the engine needs from a tenant's database: Stage 1, Stage 2, direct answers and
 * containment for a plan, the values events need, and a permission identity per user.
 * Implemented over the compiler and executor (db-adapter.ts); tests may fake it.
 */
import type { Plan } from "@subq/jql";
import type { IssueRef } from "./types.js";

export interface Page {
  readonly startAt: number;
  readonly maxResults: number;
}

export interface Requester {
  readonly user: string | null;
  /** Epoch ms of the search. */
  readonly now: number;
}

export interface Stage1Outcome {
  /** Issue ids as decimal strings; more than the cap means too large. */
  readonly ids: readonly string[];
  /** `LSN@snapshot` the query saw (see redis/values.ts). */
  readonly position: string;
  readonly durationMs: number;
}

export interface PageOutcome {
  readonly issues: readonly IssueRef[];
  readonly total: number;
  readonly durationMs: number;
}

/** The values of the event-indexed fields of an issue (ids as decimal strings). */
export interface IndexedValues {
  readonly project: string;
  readonly issuetype: string;
  readonly status: string;
  readonly sprint: readonly string[];
}

export interface TenantDatabase {
  /** Stage 1 ids, no permissions. */
  runStage1(plan: Plan): Promise<Stage1Outcome>;
  /** Stage 2 over cached ids: dynamic remainder, permissions, order, page, total. */
  runStage2(plan: Plan, ids: readonly string[], requester: Requester, page: Page): Promise<PageOutcome>;
  /** The whole query without the cache. */
  runDirect(plan: Plan, requester: Requester, page: Page): Promise<PageOutcome>;
  /**
   * The answer shared by every user of the requester's grants (`sharedIdentity`): Stage 2
   * over `ids`, or the whole query when null, and the users it is not valid for.
   */
  runShared(
    plan: Plan,
    ids: readonly string[] | null,
    requester: Requester,
    page: Page,
  ): Promise<PageOutcome & { readonly personal: readonly string[] }>;
  /** Whether one issue (key or id) is in the results; `ids` null: check without Stage 1. */
  contains(plan: Plan, ids: readonly string[] | null, requester: Requester, issue: string): Promise<boolean>;
  /**
   * Who shares Stage 2 answers with this user for this plan: users with identical effective
   * grants, or the user alone when the plan or the grants depend on who they are.
   */
  cacheIdentity(plan: Plan, user: string | null): string;
  /**
   * The key of the answer shared by users of the same grants (in the projects the plan can
   * reach), or null when the plan depends on who searches (`currentUser()`, ...).
   */
  sharedIdentity(plan: Plan, user: string | null): string | null;
  /** Current indexed values of the given issues (absent: the issue does not exist). */
  indexedValues(issueIds: readonly string[]): Promise<ReadonlyMap<string, IndexedValues>>;
  /** A cheap round trip, for readiness. */
  ping(): Promise<void>;
}
