/** Helpers of the refresh queue tests: gates, polling, and a per-tenant concurrency probe. */
import type { RefreshHandler, RefreshJob, RefreshOutcome } from "../../packages/sidecar/src/refresh/queue.js";

export function deferred(): { readonly promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms; rejects after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition}`);
    await sleep(5);
  }
}

/** Counts the handler runs in progress per tenant, and the most there ever were. */
export class ConcurrencyProbe {
  started = 0;
  finished = 0;
  readonly #running = new Map<string, number>();
  readonly #max = new Map<string, number>();

  running(tenant: string): number {
    return this.#running.get(tenant) ?? 0;
  }

  max(tenant: string): number {
    return this.#max.get(tenant) ?? 0;
  }

  wrap(handler: (job: RefreshJob) => Promise<RefreshOutcome>): RefreshHandler {
    return async (job) => {
      this.started++;
      const now = this.running(job.tenant) + 1;
      this.#running.set(job.tenant, now);
      this.#max.set(job.tenant, Math.max(this.max(job.tenant), now));
      try {
        return await handler(job);
      } finally {
        this.#running.set(job.tenant, this.running(job.tenant) - 1);
        this.finished++;
      }
    };
  }
}
