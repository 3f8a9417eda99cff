import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SubqClientError } from "./errors.js";
import { type PollClient, type PollErrorInfo, type PollOptions, poll } from "./poll.js";
import { FRESH_CHECK_MS } from "./poll-feeds.js";
import type { QueryRef, SearchRequest, SearchResult, VersionInfo } from "./types.js";

/** A sidecar in memory: a version the test moves, answers carrying it, calls counted. */
function fakeSidecar() {
  const state = { version: 1, stale: false, failVersion: 0, failSearch: 0 };
  const pushed: ((v: VersionInfo) => void)[] = [];
  const client = {
    search: vi.fn(
      async (_request: SearchRequest, options?: { signal?: AbortSignal }): Promise<SearchResult> => {
        if (state.failSearch > 0 && state.failSearch--)
          throw new SubqClientError("E_DB_UNAVAILABLE", "db down", { status: 503 });
        expect(options?.signal).toBeInstanceOf(AbortSignal);
        return {
          issues: [{ id: "1", key: "SD-1" }],
          total: 1,
          version: state.version,
          stale: state.stale,
          ageMs: 0,
          source: "cache",
        };
      },
    ),
    version: vi.fn(async (_ref: QueryRef, _options?: { signal?: AbortSignal }): Promise<VersionInfo> => {
      if (state.failVersion > 0 && state.failVersion--) throw new SubqClientError("E_NETWORK", "refused");
      return { version: state.version, stale: state.stale };
    }),
    watch: vi.fn(async function* (_ref: QueryRef, options?: { signal?: AbortSignal }) {
      const queue: VersionInfo[] = [{ version: state.version, stale: state.stale }];
      let wake: (() => void) | undefined;
      const push = (v: VersionInfo) => {
        queue.push(v);
        wake?.();
      };
      pushed.push(push);
      options?.signal?.addEventListener("abort", () => wake?.());
      while (!options?.signal?.aborted) {
        if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const next = queue.shift();
        if (next) yield next;
      }
    }),
  } satisfies PollClient;
  /** Moves the version (and tells watchers). */
  const move = (version: number, stale: boolean) => {
    state.version = version;
    state.stale = stale;
    for (const push of pushed) push({ version, stale });
  };
  return { client, state, move };
}

const base = { jql: "project = SD", user: "agent-1", intervalMs: 1000 };
let sidecar: ReturnType<typeof fakeSidecar>;
let changes: SearchResult[];
let errors: [unknown, PollErrorInfo][];
const options = (extra: Partial<PollOptions> = {}): PollOptions => ({
  ...base,
  onChange: (result) => void changes.push(result),
  onError: (error, info) => void errors.push([error, info]),
  ...extra,
});

beforeEach(() => {
  vi.useFakeTimers();
  sidecar = fakeSidecar();
  changes = [];
  errors = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe("poll (asking)", () => {
  it("fetches first, then only when the version moved", async () => {
    const handle = poll(sidecar.client, options({ maxResults: 20, startAt: 40 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1]);
    expect(sidecar.client.search).toHaveBeenCalledWith(
      { jql: base.jql, user: base.user, startAt: 40, maxResults: 20 },
      expect.anything(),
    );
    await vi.advanceTimersByTimeAsync(3000);
    expect(sidecar.client.version).toHaveBeenCalledTimes(3);
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    sidecar.move(2, false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes.map((c) => c.version)).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sidecar.client.search).toHaveBeenCalledTimes(2);
    await handle.stop();
  });

  it("waits for a fresh answer after a stale move, so one change costs one fetch", async () => {
    const handle = poll(sidecar.client, options({ freshWaitMs: 1000 }));
    await vi.advanceTimersByTimeAsync(0);
    sidecar.move(2, true);
    await vi.advanceTimersByTimeAsync(1000); // the check sees 2, stale
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(FRESH_CHECK_MS * 2); // still stale
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    sidecar.move(3, false); // the refresh committed
    await vi.advanceTimersByTimeAsync(FRESH_CHECK_MS);
    expect(changes.map((c) => [c.version, c.stale])).toEqual([
      [1, false],
      [3, false],
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sidecar.client.search).toHaveBeenCalledTimes(2);
    await handle.stop();
  });

  it("fetches the stale answer when the wait runs out, and again when the version moves", async () => {
    const handle = poll(sidecar.client, options({ freshWaitMs: 500 }));
    await vi.advanceTimersByTimeAsync(0);
    sidecar.move(2, true);
    await vi.advanceTimersByTimeAsync(1000 + 499);
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(changes.map((c) => [c.version, c.stale])).toEqual([
      [1, false],
      [2, true],
    ]);
    sidecar.move(2, false); // a refresh that changed nothing keeps the version: no fetch
    await vi.advanceTimersByTimeAsync(3000);
    expect(sidecar.client.search).toHaveBeenCalledTimes(2);
    await handle.stop();
  });

  it("reports errors and backs off (interval + jittered exponential, capped), then recovers", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    sidecar.state.failVersion = 3;
    const handle = poll(sidecar.client, options({ maxBackoffMs: 3000 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors.map(([e, info]) => [(e as SubqClientError).code, info])).toEqual([
      ["E_NETWORK", { phase: "version", failures: 1, retryInMs: 1000 + 500 }],
    ]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(errors.at(-1)![1]).toEqual({ phase: "version", failures: 2, retryInMs: 1000 + 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(errors.at(-1)![1]).toEqual({ phase: "version", failures: 3, retryInMs: 1000 + 1500 });
    sidecar.move(5, false);
    await vi.advanceTimersByTimeAsync(2500);
    expect(changes.map((c) => c.version)).toEqual([1, 5]);
    expect(errors).toHaveLength(3);
    await handle.stop();
  });

  it("keeps trying the first fetch; a throwing onChange gets the result again", async () => {
    sidecar.state.failSearch = 1;
    let throws = 1;
    const seen: number[] = [];
    const onChange = (result: SearchResult) => {
      seen.push(result.version);
      if (throws-- > 0) throw new Error("queue view not ready");
    };
    const handle = poll(sidecar.client, options({ onChange }));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.map(([, info]) => info.phase)).toEqual(["search"]);
    await vi.advanceTimersByTimeAsync(errors[0]![1].retryInMs);
    expect(errors.map(([, info]) => info.phase)).toEqual(["search", "onChange"]);
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(errors[1]![1].retryInMs);
    expect(seen).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([1, 1]);
    await handle.stop();
  });

  it("stop() aborts the call in flight and ends the loop; nothing runs after", async () => {
    let seenSignal: AbortSignal | undefined;
    sidecar.client.version.mockImplementationOnce(
      (_ref: QueryRef, opts?: { signal?: AbortSignal }) =>
        new Promise((_, reject) => {
          seenSignal = opts?.signal;
          opts?.signal?.addEventListener("abort", () => reject(new SubqClientError("E_ABORTED", "aborted")));
        }),
    );
    const handle = poll(sidecar.client, options());
    await vi.advanceTimersByTimeAsync(1000);
    expect(seenSignal?.aborted).toBe(false);
    await handle.stop();
    expect(seenSignal?.aborted).toBe(true);
    const calls = sidecar.client.version.mock.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sidecar.client.version.mock.calls.length).toBe(calls);
    expect(errors).toEqual([]);
  });

  it("stops on the caller's signal", async () => {
    const controller = new AbortController();
    const handle = poll(sidecar.client, options({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(2500);
    controller.abort();
    await handle.done;
    const calls = sidecar.client.version.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sidecar.client.version.mock.calls.length).toBe(calls);
  });

  it("ends, rejecting done, when onError throws", async () => {
    sidecar.state.failVersion = 1;
    const handle = poll(
      sidecar.client,
      options({
        onError: () => {
          throw new Error("give up");
        },
      }),
    );
    const ended = expect(handle.done).rejects.toThrow("give up");
    await vi.advanceTimersByTimeAsync(1000);
    await ended;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sidecar.client.version).toHaveBeenCalledTimes(1);
  });

  it("checks its options", () => {
    expect(() => poll(sidecar.client, { ...options(), interval: 5 } as never)).toThrow(
      /did you mean `intervalMs`/,
    );
    expect(() => poll(sidecar.client, { ...options(), onError: undefined } as never)).toThrow(/onError/);
    expect(() => poll(sidecar.client, options({ intervalMs: 0 }))).toThrow(
      /poll: intervalMs must be a positive/,
    );
    expect(() => poll(sidecar.client, options({ freshWaitMs: -1 }))).toThrow(
      /poll: freshWaitMs must be >= 0/,
    );
    expect(() => poll(sidecar.client, options({ mode: "sse" as never }))).toThrow(/"poll" or "push"/);
  });
});

describe("poll (push)", () => {
  it("fetches first, then on each pushed move, without asking for versions", async () => {
    const handle = poll(sidecar.client, options({ mode: "push" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    sidecar.move(2, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1, 2]);
    expect(sidecar.client.version).not.toHaveBeenCalled();
    await handle.stop();
    expect(sidecar.client.watch).toHaveBeenCalledTimes(1);
  });

  it("waits for the pushed fresh version after a stale move", async () => {
    const handle = poll(sidecar.client, options({ mode: "push", freshWaitMs: 1000 }));
    await vi.advanceTimersByTimeAsync(0);
    sidecar.move(2, true);
    await vi.advanceTimersByTimeAsync(300);
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    sidecar.move(3, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1, 3]);
    sidecar.move(4, true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes.map((c) => [c.version, c.stale])).toEqual([
      [1, false],
      [3, false],
      [4, true],
    ]);
    await handle.stop();
  });

  it("with minFetchIntervalMs, turns the moves within the interval into one fetch at its end", async () => {
    const handle = poll(sidecar.client, options({ mode: "push", minFetchIntervalMs: 3000 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1]);
    for (const version of [2, 3, 4]) {
      sidecar.move(version, false);
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(sidecar.client.search).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1500); // 3 s after the first fetch
    expect(changes.map((c) => c.version)).toEqual([1, 4]);
    // Quiet for longer than the interval: the next move is fetched at once.
    await vi.advanceTimersByTimeAsync(10_000);
    sidecar.move(5, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1, 4, 5]);
    expect(sidecar.client.search).toHaveBeenCalledTimes(3);
    await handle.stop();
  });

  it("reports a watch that fails and restarts it after a backoff", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    sidecar.client.watch.mockImplementationOnce(async function* () {
      yield* [];
      throw new SubqClientError("E_UNKNOWN_TENANT", "no tenant", { status: 404 });
    });
    const handle = poll(sidecar.client, options({ mode: "push" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.map(([e, info]) => [(e as SubqClientError).code, info])).toEqual([
      ["E_UNKNOWN_TENANT", { phase: "watch", failures: 1, retryInMs: 1000 }],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sidecar.client.watch).toHaveBeenCalledTimes(2);
    sidecar.move(2, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(changes.map((c) => c.version)).toEqual([1, 2]);
    await handle.stop();
  });
});
