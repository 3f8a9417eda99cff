/**
 * A Stage 2 answer and the key it is kept under: shared by the Stage 2 cache in Redis
 * (stage2-cache.ts) and the in-process answers kept while Redis is away (redis-outage.ts),
 * apart from both so that neither the engine context nor the outage module depends on the
 * cache's I/O.
 */
import type { Plan } from "@subq/jql";
import type { Page } from "./tenant-database.js";
import type { IssueRef } from "./types.js";

export interface StoredAnswer {
  readonly issues: readonly IssueRef[];
  readonly total: number;
  /** A shared answer (`sharedIdentity`): the users it is not valid for. */
  readonly personal?: readonly string[];
}

export interface AnswerKey {
  readonly plan: Plan;
  readonly user: string | null;
  readonly version: number;
  readonly page: Page;
  /** The shared key (`sharedIdentity`) instead of the user's own (`cacheIdentity`). */
  readonly shared?: string;
}
