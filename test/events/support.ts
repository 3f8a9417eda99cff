/**
 * Helpers for the event tests: a raw LISTEN on the triggers' channel that collects
 * notifications up to a sentinel (notifications arrive in commit order, so once the
 * sentinel sent after a statement arrives, everything that statement caused has too).
 */
import { randomBytes } from "node:crypto";
import type { Notice } from "../../packages/sidecar/src/capture/listener-events.js";
import { EVENT_CHANNEL } from "../../packages/sidecar/src/capture/triggers.js";
import type { Sql } from "../../packages/sidecar/src/db/connect.js";

export interface Captured {
  readonly raw: string;
  readonly notice: Notice;
}

export interface Capture {
  /** Runs `work`, then returns the notifications it caused (pings excluded). */
  during(work: () => Promise<unknown>): Promise<Captured[]>;
  close(): Promise<void>;
}

export async function capture(sql: Sql): Promise<Capture> {
  const received: string[] = [];
  const waiters = new Set<() => void>();
  const { unlisten } = await sql.listen(EVENT_CHANNEL, (payload) => {
    received.push(payload);
    for (const wake of waiters) wake();
  });
  /** Sends a sentinel and waits for it: every notification committed before is in `received`. */
  const drain = async (): Promise<number> => {
    const sentinel = `sentinel-${randomBytes(4).toString("hex")}`;
    await sql`SELECT pg_notify(${EVENT_CHANNEL}, ${JSON.stringify({ v: 1, ping: sentinel })})`;
    return new Promise<number>((resolve, reject) => {
      const check = () => {
        const at = received.findIndex((p) => p.includes(sentinel));
        if (at < 0) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(at);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error("the sentinel notification never arrived"));
      }, 20_000);
      waiters.add(check);
      check();
    });
  };
  return {
    async during(work) {
      const start = await drain();
      await work();
      const end = await drain();
      return received
        .slice(start + 1, end)
        .map((raw) => ({ raw, notice: JSON.parse(raw) as Notice }))
        .filter((c) => !("ping" in c.notice));
    },
    async close() {
      await unlisten();
    },
  };
}

/** The issue items of captured notifications, flattened. */
export function itemsOf(captured: readonly Captured[]) {
  return captured.flatMap(({ notice }) =>
    "issues" in notice ? notice.issues.map((i) => ({ ...i, tx: notice.tx })) : [],
  );
}
