/**
 * `poll`: keep a query's results current by fetching only when its version moved — the
 * recommended way to back a queue or a board.
 *
 * - The first step fetches (`search`) and hands the result to `onChange`.
 * - Then, per step, the feed says whether the version moved: "poll" mode asks
 *   (`version`, every `intervalMs`); "push" mode listens (`watch`, SSE).
 * - A moved version whose cache is stale (an event dirtied it; a refresh is on its way)
 *   waits up to `freshWaitMs` for the fresh answer, so one change costs one fetch, not a
 *   stale fetch and then a fresh one. After the wait it fetches whatever is there.
 * - A failure (of a call or of `onChange`) is reported to `onError` and the step retried
 *   after `intervalMs` plus a full-jitter exponential backoff capped at `maxBackoffMs`.
 *   A result counts as delivered only when `onChange` returned, so a handler that throws
 *   gets the (re-fetched) result again.
 * - Steps never overlap: `onChange` is awaited. `stop()` (or `signal`) ends the loop;
 *   calls in flight are aborted, an `onChange` in progress is let finish.
 */
import { sleep } from "./deadline.js";
import { nonNegative, positive, type ResolvedRetry, rejectUnknown } from "./options.js";
import { askingFeed, type FeedClient, listeningFeed, type VersionFeed } from "./poll-feeds.js";
import { fullJitter } from "./retry.js";
import type { QueryRef, SearchRequest, SearchResult } from "./types.js";

export type PollPhase = "version" | "search" | "watch" | "onChange";

export interface PollErrorInfo {
  readonly phase: PollPhase;
  /** Consecutive failures, this one included. */
  readonly failures: number;
  /** The wait before the next try. */
  readonly retryInMs: number;
}

export interface PollOptions extends QueryRef {
  readonly onChange: (result: SearchResult) => void | Promise<void>;
  /**
   * Told of every failure; polling goes on (call `stop()` here to give up). Required:
   * a poller whose failures nobody hears of looks like a quiet queue. If it throws,
   * polling ends and `done` rejects with that error.
   */
  readonly onError: (error: unknown, info: PollErrorInfo) => void;
  readonly signal?: AbortSignal;
  /** "poll" asks for the version every `intervalMs`; "push" follows `watch`. Default "poll". */
  readonly mode?: "poll" | "push";
  /** Between version checks, and the least wait after a failure. Default 5000 ms. */
  readonly intervalMs?: number;
  /** Longest wait for a fresh answer after the version moved to a stale one. Default 1000 ms; 0 = none. */
  readonly freshWaitMs?: number;
  /** Cap of the backoff added after failures. Default 60 000 ms. */
  readonly maxBackoffMs?: number;
  /**
   * Least time between two fetches; the version moves in between become one fetch at its
   * end. For push on a busy board, whose version moves with every change in its projects:
   * a board refreshed at most every few seconds costs the database a fraction of one
   * refreshed on every event. Default 0 (fetch on every move).
   */
  readonly minFetchIntervalMs?: number;
  readonly startAt?: number;
  readonly maxResults?: number;
}

export interface PollHandle {
  /** Ends polling; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended (by `stop()` or `signal`). */
  readonly done: Promise<void>;
}

/** What `poll` needs of a client. */
export interface PollClient extends FeedClient {
  search(request: SearchRequest, options?: { signal?: AbortSignal }): Promise<SearchResult>;
}

const KNOWN = [
  ...["jql", "user", "onChange", "onError", "signal", "mode", "intervalMs"],
  ...["freshWaitMs", "maxBackoffMs", "minFetchIntervalMs", "startAt", "maxResults"],
];

export function poll(client: PollClient, options: PollOptions): PollHandle {
  rejectUnknown(options, KNOWN, "poll");
  for (const name of ["onChange", "onError"] as const) {
    if (typeof options[name] !== "function") throw new TypeError(`poll: \`${name}\` is required`);
  }
  if (options.mode !== undefined && options.mode !== "poll" && options.mode !== "push") {
    throw new TypeError(`poll: \`mode\` is "poll" or "push", got ${JSON.stringify(options.mode)}`);
  }
  const intervalMs = positive(options.intervalMs, 5000, "poll: intervalMs");
  const freshWaitMs = nonNegative(options.freshWaitMs, 1000, "poll: freshWaitMs");
  const minFetchIntervalMs = nonNegative(options.minFetchIntervalMs, 0, "poll: minFetchIntervalMs");
  const backoffPolicy: ResolvedRetry = {
    attempts: Number.POSITIVE_INFINITY,
    baseDelayMs: intervalMs,
    maxDelayMs: nonNegative(options.maxBackoffMs, 60_000, "poll: maxBackoffMs"),
  };
  const backoff = (failures: number) => intervalMs + fullJitter(failures - 1, backoffPolicy);
  const stopper = new AbortController();
  const signal = stopper.signal;
  const onAbort = () => stopper.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) stopper.abort();

  const ref: QueryRef = { jql: options.jql, user: options.user };
  const report = (error: unknown, phase: PollPhase, failures: number, retryInMs: number) => {
    if (!signal.aborted) options.onError(error, { phase, failures, retryInMs });
  };
  const feed: VersionFeed =
    options.mode === "push"
      ? listeningFeed(client, ref, signal, { backoff, report: (e, f, ms) => report(e, "watch", f, ms) })
      : askingFeed(client, ref, signal);
  const request: SearchRequest = { ...ref, startAt: options.startAt, maxResults: options.maxResults };

  let phase: PollPhase = "search";
  let fetchedAt = Number.NEGATIVE_INFINITY;
  /** One step: returns the version now delivered. */
  const step = async (delivered: number | undefined): Promise<number> => {
    if (delivered !== undefined) {
      phase = options.mode === "push" ? "watch" : "version";
      const now = await feed.next(delivered);
      if (now.version === delivered) return delivered;
      if (now.stale && freshWaitMs > 0) await feed.fresh(Date.now() + freshWaitMs);
    }
    phase = "search";
    fetchedAt = Date.now();
    const result = await client.search(request, { signal });
    phase = "onChange";
    await options.onChange(result);
    return result.version;
  };

  const done = (async () => {
    let delivered: number | undefined;
    let failures = 0;
    let waitMs = 0;
    try {
      while (!signal.aborted) {
        try {
          if (waitMs > 0) await sleep(waitMs, signal);
          delivered = await step(delivered);
          failures = 0;
          const spacing = fetchedAt + minFetchIntervalMs - Date.now();
          waitMs = Math.max(options.mode === "push" ? 0 : intervalMs, spacing);
        } catch (error) {
          if (signal.aborted) break;
          waitMs = backoff(++failures);
          report(error, phase, failures, waitMs);
        }
      }
    } finally {
      stopper.abort(); // also ends the push feed's watch when onError threw
      options.signal?.removeEventListener("abort", onAbort);
    }
  })();

  return {
    done,
    stop() {
      stopper.abort();
      return done;
    },
  };
}
