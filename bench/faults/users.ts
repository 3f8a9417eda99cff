/**
 * The simulated users: desk agents (bench/load's queues) each searching one of their
 * queues and polling the version of the next every `intervalMs`, plus a few SSE watchers
 * (the SDK's watch). Every HTTP call is one attempt (retry.attempts 1) so that each
 * request the sidecar answers — or does not — is recorded as it happened: a 503 with
 * Retry-After is an answer, a reset connection a failure.
 */
import { createClient, isSubqClientError, type SubqClient } from "../../packages/client/src/index.js";
import type { PolledQuery } from "../load/queues.js";

export interface Sample {
  readonly kind: "search" | "version";
  readonly user: string;
  readonly sentAt: number;
  readonly ms: number;
  readonly ok: boolean;
  /** HTTP status of an error answer, 0 when none arrived. */
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly stale?: boolean;
  readonly degraded?: string;
  readonly source?: string;
}

export interface WatchRecord {
  versions: number;
  reconnects: number;
  /** Watches that ended by throwing (restarted after a second). */
  failures: number;
  readonly reconnectCodes: Record<string, number>;
}

export interface User {
  readonly name: string;
  readonly queries: readonly PolledQuery[];
}

export function sdk(url: string, tenant: string, token: string, attempts = 1): SubqClient {
  return createClient({ url, tenant, token, timeoutMs: 10_000, retry: { attempts } });
}

export class Users {
  readonly samples: Sample[] = [];
  readonly watch: WatchRecord = { versions: 0, reconnects: 0, failures: 0, reconnectCodes: {} };
  private readonly stop = new AbortController();
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly client: SubqClient,
    private readonly users: readonly User[],
    private readonly intervalMs: number,
  ) {}

  start(watchers: number): void {
    for (const [i, user] of this.users.entries()) this.loops.push(this.poll(user, i));
    for (let i = 0; i < watchers; i++) {
      const user = this.users[i % this.users.length]!;
      this.loops.push(this.watchLoop(user, user.queries[1 % user.queries.length]!));
    }
  }

  async close(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.loops);
  }

  private async poll(user: User, index: number): Promise<void> {
    // Spread the users over the interval.
    await pause((index * this.intervalMs) / this.users.length, this.stop.signal);
    for (let tick = 0; !this.stop.signal.aborted; tick++) {
      const next = performance.now() + this.intervalMs * (0.8 + 0.4 * Math.random());
      const query = user.queries[tick % user.queries.length]!;
      await this.call("search", user.name, () =>
        this.client.search({ jql: query.jql, user: user.name, maxResults: query.maxResults }),
      );
      const polled = user.queries[(tick + 1) % user.queries.length]!;
      await this.call("version", user.name, () => this.client.version({ jql: polled.jql, user: user.name }));
      await pause(next - performance.now(), this.stop.signal);
    }
  }

  private async call(
    kind: Sample["kind"],
    user: string,
    run: () => Promise<{ stale: boolean; degraded?: string; source?: string }>,
  ): Promise<void> {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const answer = await run();
      this.samples.push({
        kind,
        user,
        sentAt,
        ms: performance.now() - started,
        ok: true,
        stale: answer.stale,
        degraded: answer.degraded,
        source: answer.source,
      });
    } catch (error) {
      const ms = performance.now() - started;
      const known = isSubqClientError(error);
      this.samples.push({
        kind,
        user,
        sentAt,
        ms,
        ok: false,
        status: known ? (error.status ?? 0) : 0,
        code: known ? String(error.code) : String(error),
        retryAfterMs: known ? error.retryAfterMs : undefined,
      });
    }
  }

  private async watchLoop(user: User, query: PolledQuery): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        for await (const _ of this.client.watch(
          { jql: query.jql, user: user.name },
          {
            signal: this.stop.signal,
            onReconnect: (error) => {
              this.watch.reconnects++;
              const code = String(error.code);
              this.watch.reconnectCodes[code] = (this.watch.reconnectCodes[code] ?? 0) + 1;
            },
          },
        )) {
          this.watch.versions++;
        }
      } catch {
        this.watch.failures++;
        await pause(1000, this.stop.signal);
      }
    }
  }
}

export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
