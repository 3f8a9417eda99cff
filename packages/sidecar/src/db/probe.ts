/**
 * A liveness probe for one database on a connection of its own, so that a pool whose
 * connections hang (a server that went away, a network that drops packets) cannot keep
 * the probe waiting behind them. A probe that gets no answer in time drops its connection:
 * the next one connects afresh. The connection is kept open between probes (they come
 * when calls stall, which is when connecting is slowest).
 */
import { connect, type Sql } from "./connect.js";

export interface DatabaseProber {
  /**
   * One `SELECT 1`; rejects with code PROBE_TIMEOUT when the database does not answer
   * within `timeoutMs`, or with the server's own error (which proves it is there).
   */
  probe(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export function createProber(url: string, applicationName: string): DatabaseProber {
  let sql: Sql | null = null;
  const open = (timeoutMs: number) =>
    connect(url, {
      maxConnections: 1,
      connectTimeoutMs: Math.max(timeoutMs, 100),
      statementTimeoutMs: Math.max(timeoutMs, 100),
      idleTimeoutMs: 3_600_000,
      applicationName,
    });
  return {
    async probe(timeoutMs) {
      sql ??= open(timeoutMs);
      const current = sql;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        // After a stall of this process the reply may be waiting unread while this timer is
        // already due: let pending I/O be read first (setImmediate runs after the poll phase).
        timer = setTimeout(
          () => setImmediate(() => reject(new ProbeTimeout(`no answer within ${timeoutMs} ms`))),
          timeoutMs,
        );
      });
      try {
        await Promise.race([current`SELECT 1`, timeout]);
      } catch (error) {
        if (sql === current) sql = null;
        void current.end({ timeout: 0 }).catch(() => {});
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await sql?.end({ timeout: 1 });
      sql = null;
    },
  };
}

export class ProbeTimeout extends Error {
  override readonly name = "ProbeTimeout";
  readonly code = "PROBE_TIMEOUT";
}
