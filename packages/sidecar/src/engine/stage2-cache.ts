/**
 * The per-user Stage 2 cache (docs/sidecar.md "Search path", step 4): one answer per
 * (subscription, Stage 2 query, permission class or user, version, page), short TTL,
 * unreachable once the version moves. Beside it, the last good answer per (…, page)
 * regardless of version, kept longer, served only while the database is down.
 */
import { createHash } from "node:crypto";
import type { Plan } from "@subq/jql";
import { getStage2, type Stage2KeyParts, type SubscriptionRef, setStage2 } from "../redis/index.js";
import type { AnswerKey, StoredAnswer } from "./answer.js";
import type { EngineContext } from "./context.js";
import type { TenantView } from "./tenant.js";

export type { AnswerKey, StoredAnswer } from "./answer.js";

interface LastGood extends StoredAnswer {
  readonly version: number;
  /** When it was computed, ms. */
  readonly at: number;
}

const stage2Hashes = new WeakMap<Plan, string>();

function stage2Hash(plan: Plan): string {
  let hash = stage2Hashes.get(plan);
  if (hash === undefined) {
    hash = createHash("sha256")
      .update(plan.stage2Text ?? "")
      .digest("hex")
      .slice(0, 20);
    stage2Hashes.set(plan, hash);
  }
  return hash;
}

function parts(view: TenantView, key: Omit<AnswerKey, "version">, version: number): Stage2KeyParts {
  return {
    stage2Hash: stage2Hash(key.plan),
    permissionClass: key.shared ?? view.database.cacheIdentity(key.plan, key.user),
    version,
    // maxResults is at most 1000 and startAt at most 2^31-1 (PAGE_LIMITS, page-limits.ts), so
    // (startAt, maxResults) ↦ startAt * 1001 + maxResults is one-to-one and an exact integer.
    page: key.page.startAt * 1001 + key.page.maxResults,
  };
}

export async function cachedAnswer(
  ctx: EngineContext,
  view: TenantView,
  ref: SubscriptionRef,
  key: AnswerKey,
): Promise<StoredAnswer | undefined> {
  try {
    return await getStage2<StoredAnswer>(ctx.store, ref, parts(view, key, key.version));
  } catch (error) {
    ctx.logger.warn({ err: error, tenant: ref.tenant }, "Stage 2 cache read failed; computing the answer");
    return undefined;
  }
}

/** Stores the answer and the last good copy; failures only cost a future recomputation. */
export function storeAnswer(
  ctx: EngineContext,
  view: TenantView,
  ref: SubscriptionRef,
  key: AnswerKey,
  answer: StoredAnswer,
): void {
  const lastGood: LastGood = { ...answer, version: key.version, at: ctx.clock() };
  Promise.all([
    setStage2(
      ctx.store,
      ref,
      parts(view, key, key.version),
      answer,
      key.shared === undefined ? ctx.store.options.stage2TtlMs : ctx.store.options.sharedStage2TtlMs,
    ),
    setStage2(ctx.store, ref, parts(view, key, 0), lastGood, ctx.options.lastGoodTtlMs),
  ]).catch((error: unknown) =>
    ctx.logger.warn({ err: error, tenant: ref.tenant }, "Stage 2 cache write failed"),
  );
}

/** Is this answer the user's? A shared one is not for the users it names as personal. */
export function answerFor(answer: StoredAnswer | undefined, user: string | null): boolean {
  return answer !== undefined && (user === null || !answer.personal?.includes(user));
}

/** The last good answer for the user: the shared one when it is theirs, else their own. */
export async function lastGoodAnswer(
  ctx: EngineContext,
  view: TenantView,
  ref: SubscriptionRef,
  key: Omit<AnswerKey, "version" | "shared">,
): Promise<LastGood | undefined> {
  const shared = view.database.sharedIdentity(key.plan, key.user);
  if (shared !== null) {
    const answer = await getStage2<LastGood>(ctx.store, ref, parts(view, { ...key, shared }, 0));
    if (answerFor(answer, key.user)) return answer;
  }
  return getStage2<LastGood>(ctx.store, ref, parts(view, key, 0));
}
