/**
 * The pollers: one loop per (poller, query), started at a random offset within the
 * interval so the load is spread. Three ways to poll:
 *  - "search": run the whole search every interval (Direct, the TTL cache, subq search);
 *  - "version" / "push": the SDK's `poll` — results fetched only when the version moved,
 *    learnt by asking every interval or from the SSE watch. A version poll that finds the
 *    version unmoved reports the answer on show as held (checked for correctness too).
 * Every loop waits its interval after a step ends, as the SDK's `poll` does, so all
 * configurations poll with the same rhythm.
 */
import { setMaxListeners } from "node:events";
import { type PollClient, poll, type SubqClient } from "../../packages/client/src/index.js";
import type { Prng } from "../../packages/sidecar/src/db/seed/prng.js";
import type { Answer } from "./direct-search.js";
import type { PolledQuery, Poller } from "./queues.js";
import type { Recorder } from "./recorder.js";

export type PollMode = "search" | "version" | "push";

export interface Searcher {
  search(user: string, query: PolledQuery): Promise<Answer>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function searchLoop(
  poller: Poller,
  query: PolledQuery,
  searcher: Searcher,
  recorder: Recorder,
  signal: AbortSignal,
  offsetMs: number,
): Promise<void> {
  await sleep(offsetMs, signal);
  while (!signal.aborted) {
    const sentAt = Date.now();
    const started = performance.now();
    recorder.check(poller, query, sentAt);
    try {
      const answer = await searcher.search(poller.user, query);
      recorder.request("search", performance.now() - started);
      recorder.answer(poller, query, answer, sentAt, Date.now());
    } catch (error) {
      if (!signal.aborted) recorder.error(error);
    }
    await sleep(poller.intervalMs, signal);
  }
}

/** The SDK client with every call timed and every answer recorded. */
function timedClient(client: SubqClient, poller: Poller, query: PolledQuery, recorder: Recorder): PollClient {
  /** The answer the agent is looking at, and its version. */
  let shown: { answer: Answer; version: number } | undefined;
  return {
    async search(request, options) {
      const sentAt = Date.now();
      const started = performance.now();
      recorder.check(poller, query, sentAt);
      const result = await client.search(request, options);
      recorder.request("search", performance.now() - started);
      const ids = result.issues.map((i) => i.id);
      const keys = result.issues.map((i) => i.key);
      const answer = {
        ids,
        keys,
        total: result.total,
        version: result.version,
        stale: result.stale,
        source: result.source,
      };
      recorder.answer(poller, query, answer, sentAt, Date.now());
      shown = { answer, version: result.version };
      return result;
    },
    async version(ref, options) {
      const sentAt = Date.now();
      const started = performance.now();
      recorder.check(poller, query, sentAt);
      const result = await client.version(ref, options);
      recorder.request("version", performance.now() - started);
      // Unmoved: the SDK keeps showing its answer, which so claims to be current.
      if (shown && result.version === shown.version) recorder.held(poller, query, shown.answer, sentAt);
      return result;
    },
    watch: (ref, options) => client.watch(ref, options),
  };
}

async function sdkLoop(
  poller: Poller,
  query: PolledQuery,
  client: SubqClient,
  mode: "version" | "push",
  recorder: Recorder,
  signal: AbortSignal,
  offsetMs: number,
): Promise<void> {
  await sleep(offsetMs, signal);
  if (signal.aborted) return;
  const handle = poll(timedClient(client, poller, query, recorder), {
    jql: query.jql,
    user: poller.user,
    mode: mode === "push" ? "push" : "poll",
    intervalMs: poller.intervalMs,
    // Pushed boards refetch at most once per their polling interval (the SDK's advice for
    // boards, whose version moves with every change in their projects); queues at once.
    ...(mode === "push" && query.kind === "board" ? { minFetchIntervalMs: poller.intervalMs } : {}),
    maxResults: query.maxResults,
    signal,
    onChange: () => {},
    onError: (error) => {
      if (!signal.aborted) recorder.error(error);
    },
  });
  await handle.done.catch((error: unknown) => recorder.error(error));
}

export function startPolling(
  pollers: readonly Poller[],
  mode: PollMode,
  backend: { searcher?: Searcher; client?: SubqClient },
  recorder: Recorder,
  rng: Prng,
): { stop(): Promise<void> } {
  const stopper = new AbortController();
  // Every loop's sleeps listen on this one signal.
  setMaxListeners(0, stopper.signal);
  const loops: Promise<void>[] = [];
  for (const poller of pollers) {
    for (const query of poller.queries) {
      const offsetMs = rng.int(poller.intervalMs);
      loops.push(
        mode === "search"
          ? searchLoop(poller, query, backend.searcher!, recorder, stopper.signal, offsetMs)
          : sdkLoop(poller, query, backend.client!, mode, recorder, stopper.signal, offsetMs),
      );
    }
  }
  return {
    async stop() {
      stopper.abort();
      await Promise.allSettled(loops);
    },
  };
}
