/**
 * After a fault's recovery, with the change trickle held and every event published or
 * given up: a sample of the users' queries is searched through the cache and compared
 * with Postgres's own answer to the same query (bench/load's DirectSearch, straight to the
 * database on the harness's role). An answer flagged stale is retried a few times (the
 * read enqueued its refresh) and, if still flagged, counted as flagged, not checked.
 *
 * A difference between an unflagged answer and the database is explained only by a
 * change whose event was dropped (the cache could not know) and that is younger than the
 * staleness bound; anything else — an accepted event not applied, an issue the harness
 * never touched — is a wrong answer beyond the bound. A change is lost when an issue it
 * wrote is among the differences (its effect is not visible after recovery).
 */
import type { SubqClient } from "../../packages/client/src/index.js";
import { agrees } from "../load/correctness.js";
import type { Answer, DirectSearch } from "../load/direct-search.js";
import type { ChangeRecord } from "./changes.js";
import { pause, type User } from "./users.js";

const MAX_RESULTS = 1000;

export interface VerifyResult {
  readonly sampled: number;
  /** Unflagged answers compared with the database. */
  checked: number;
  /** Still flagged stale after the retries (not compared). */
  flagged: number;
  errors: number;
  /** Unflagged answers that differ beyond what dropped events within the bound explain. */
  wrongBeyondBound: number;
  /** Unflagged answers that differ only by dropped events younger than the bound. */
  explainedByDroppedEvents: number;
  /** Changes (seq) whose issue is among the differences. */
  readonly lostChanges: number[];
  readonly examples: string[];
}

export async function verifyAnswers(options: {
  readonly client: SubqClient;
  readonly direct: DirectSearch;
  readonly users: readonly User[];
  readonly sample: number;
  readonly changes: readonly ChangeRecord[];
  readonly stalenessBoundMs: number;
}): Promise<VerifyResult> {
  const pairs = options.users.flatMap((user) => user.queries.map((query) => ({ user: user.name, query })));
  const step = Math.max(1, pairs.length / options.sample);
  const chosen = Array.from(
    { length: Math.min(options.sample, pairs.length) },
    (_, i) => pairs[Math.floor(i * step)]!,
  );
  const byIssue = new Map<string, ChangeRecord[]>();
  for (const change of options.changes) {
    const key = String(change.issueId);
    byIssue.set(key, [...(byIssue.get(key) ?? []), change]);
  }
  const result: VerifyResult = {
    sampled: chosen.length,
    checked: 0,
    flagged: 0,
    errors: 0,
    wrongBeyondBound: 0,
    explainedByDroppedEvents: 0,
    lostChanges: [],
    examples: [],
  };
  const lost = new Set<number>();
  for (const { user, query } of chosen) {
    let cached: Answer | null = null;
    let stale = true;
    for (let attempt = 0; attempt < 4 && stale; attempt++) {
      if (attempt > 0) await pause(1000);
      try {
        const answer = await options.client.search({ jql: query.jql, user, maxResults: MAX_RESULTS });
        cached = {
          ids: answer.issues.map((i) => i.id),
          keys: answer.issues.map((i) => i.key),
          total: answer.total,
        };
        stale = answer.stale || answer.degraded !== undefined;
      } catch {
        cached = null;
      }
    }
    if (!cached) {
      result.errors++;
      continue;
    }
    if (stale) {
      result.flagged++;
      continue;
    }
    const direct = await options.direct.search(user, query.jql, MAX_RESULTS);
    result.checked++;
    if (agrees(cached, direct, MAX_RESULTS, new Set())) continue;
    const differing = difference(cached, direct);
    const now = Date.now();
    const explained = differing.every((id) =>
      (byIssue.get(id) ?? []).some(
        (c) => c.outcome === "dropped" && now - c.committedAt < options.stalenessBoundMs,
      ),
    );
    for (const id of differing) for (const change of byIssue.get(id) ?? []) lost.add(change.seq);
    if (explained && differing.length > 0) {
      result.explainedByDroppedEvents++;
      continue;
    }
    result.wrongBeyondBound++;
    if (result.examples.length < 5) {
      result.examples.push(
        `${user} ${query.name}: cache ${cached.total} issues, database ${direct.total}; differing ${differing.slice(0, 5).join(", ")}`,
      );
    }
  }
  result.lostChanges.push(...[...lost].sort((a, b) => a - b));
  return result;
}

/**
 * The fewest issues that explain two pages differing: those in one and not the other
 * (within the shorter page, as a longer page's tail may be cut by MAX_RESULTS), and of
 * those in both, the ones outside the longest run kept in the same relative order (an
 * issue that moved shifts its neighbours without them having changed).
 */
function difference(a: Answer, d: Answer): string[] {
  const cut =
    a.ids.length < MAX_RESULTS && d.ids.length < MAX_RESULTS
      ? Infinity
      : Math.min(a.ids.length, d.ids.length);
  const pa = a.ids.slice(0, cut);
  const pd = d.ids.slice(0, cut);
  const inA = new Set(pa);
  const inD = new Set(pd);
  const out = new Set<string>([...pa.filter((id) => !inD.has(id)), ...pd.filter((id) => !inA.has(id))]);
  const rank = new Map(pd.filter((id) => inA.has(id)).map((id, i) => [id, i]));
  const common = pa.filter((id) => rank.has(id));
  for (const id of outsideLongestIncreasing(common, (id) => rank.get(id)!)) out.add(id);
  return [...out];
}

/** Items not on one longest subsequence whose `key` increases (patience sorting). */
function outsideLongestIncreasing(items: readonly string[], key: (item: string) => number): string[] {
  const tails: number[] = [];
  const previous: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]!);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(items[tails[mid]!]!) < k) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) kept.add(i);
  return items.filter((_, i) => !kept.has(i));
}
