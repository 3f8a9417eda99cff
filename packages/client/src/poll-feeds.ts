/**
 * Where `poll` learns that a version moved: by asking (`version` every interval) or by
 * listening (`watch`, kept open in the background, its latest value in a cell that the
 * loop waits on). Both answer the same two questions: "what is the version now, if it
 * moved?" and "wait, up to a deadline, until the cache is fresh".
 */
import { sleep } from "./deadline.js";
import type { SubqClientError } from "./errors.js";
import type { QueryRef, VersionInfo } from "./types.js";
import type { WatchOptions } from "./watch.js";

/** The client calls a feed needs (a structural subset of SubqClient, easy to fake). */
export interface FeedClient {
  version(ref: QueryRef, options?: { signal?: AbortSignal }): Promise<VersionInfo>;
  watch(ref: QueryRef, options?: WatchOptions): AsyncIterable<VersionInfo>;
}

export interface VersionFeed {
  /** The current version (poll: asks once; push: waits until it differs from `delivered`). */
  next(delivered: number): Promise<VersionInfo>;
  /** Returns once the cache is fresh or at `deadline` (epoch ms), whichever comes first. */
  fresh(deadline: number): Promise<void>;
}

/** How often `fresh` re-asks in poll mode: a version read is cheap, a second fetch is not. */
export const FRESH_CHECK_MS = 200;

export function askingFeed(client: FeedClient, ref: QueryRef, signal: AbortSignal): VersionFeed {
  return {
    next: () => client.version(ref, { signal }),
    async fresh(deadline) {
      for (let left = deadline - Date.now(); left > 0; left = deadline - Date.now()) {
        await sleep(Math.min(FRESH_CHECK_MS, left), signal);
        if (!(await client.version(ref, { signal })).stale) return;
      }
    },
  };
}

/** How the push feed reports watch failures (it keeps going) and paces restarts. */
export interface FeedFailures {
  report(error: unknown, failures: number, retryInMs: number): void;
  backoff(failures: number): number;
}

/**
 * Follows `watch` until `signal` aborts. The watch iterator reconnects by itself; an
 * error that ends it (bad JQL, auth) is reported and the watch restarted after `backoff`.
 */
export function listeningFeed(
  client: FeedClient,
  ref: QueryRef,
  signal: AbortSignal,
  failed: FeedFailures,
): VersionFeed {
  let latest: VersionInfo | undefined;
  const waiters = new Set<() => void>();
  const publish = (value: VersionInfo) => {
    latest = value;
    for (const wake of waiters) wake();
  };
  void (async () => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const onReconnect = (error: SubqClientError, info: { delayMs: number }) =>
          failed.report(error, ++failures, info.delayMs);
        for await (const value of client.watch(ref, { signal, onReconnect })) {
          failures = 0;
          publish(value);
        }
      } catch (error) {
        if (signal.aborted) break;
        const delayMs = failed.backoff(++failures);
        failed.report(error, failures, delayMs);
        await sleep(delayMs, signal).catch(() => undefined);
      }
    }
  })();

  /** Resolves when `ok(latest)` holds, at `deadline`, or (rejecting) when stopped. */
  const until = (ok: (value: VersionInfo) => boolean, deadline = Number.POSITIVE_INFINITY) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (signal.aborted) finish(() => reject(signal.reason));
        else if ((latest && ok(latest)) || Date.now() >= deadline) finish(resolve);
      };
      const timer = Number.isFinite(deadline)
        ? setTimeout(() => finish(resolve), Math.max(0, deadline - Date.now()))
        : undefined;
      const finish = (settle: () => void) => {
        waiters.delete(check);
        signal.removeEventListener("abort", check);
        clearTimeout(timer);
        settle();
      };
      waiters.add(check);
      signal.addEventListener("abort", check, { once: true });
      check();
    });

  return {
    async next(delivered) {
      await until((value) => value.version !== delivered);
      return latest!;
    },
    fresh: (deadline) => until((value) => !value.stale, deadline),
  };
}
