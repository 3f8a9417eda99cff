/**
 * An embedded Postgres for the demo: PGlite (Postgres compiled to WebAssembly, in this
 * process) behind pglite-socket's wire-protocol server on a free 127.0.0.1 port, so the
 * ordinary porsager/postgres code path talks to it unchanged.
 *
 * What works, checked by test/embedded: migrations (pg_trgm loads from PGlite's contrib
 * bundle, so 0004 builds its index), the seed, REPEATABLE READ transactions,
 * `pg_current_snapshot()`, `pg_current_wal_lsn()`, `pg_current_xact_id()`, advisory locks.
 * What does not:
 * - One session. PGlite is a single backend, and pglite-socket multiplexes connections
 *   onto it message by message, so the extended-protocol messages of two connections
 *   interleave (an unnamed statement of one is bound with another's parameters) and
 *   session settings are shared. Hence a pool of ONE (`maxConnections`): a second
 *   connection at the same time gets FATAL 53300 (one-connection.ts), not corrupt queries.
 * - LISTEN/NOTIFY across the socket: notifications are not delivered to listeners.
 * - statement_timeout is accepted but not enforced (no timer signals in WebAssembly).
 */
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { startOneConnectionFront } from "./one-connection.js";

export interface EmbeddedPostgresOptions {
  /** Keep the database in this directory (fast restarts: no initdb, seed kept). Default in memory. */
  readonly dataDir?: string;
  /** Load the pg_trgm extension (text search index). Default true. */
  readonly pgTrgm?: boolean;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Open pools on `url` with at most this many connections (see the module comment). */
  readonly maxConnections: 1;
  /** Stops the server and closes the database; close client pools first. */
  close(): Promise<void>;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const db = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: options.pgTrgm === false ? {} : { pg_trgm },
    // Demo data: no fsync per statement.
    relaxedDurability: true,
  });
  // Above one so that a closing connection's handler never turns the next one away; the
  // front admits one client at a time.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
  let front: Awaited<ReturnType<typeof startOneConnectionFront>> | undefined;
  try {
    await server.start();
    front = await startOneConnectionFront(Number(server.getServerConn().split(":").pop()));
  } catch (error) {
    await server.stop();
    await db.close();
    throw error;
  }
  const { port } = front;
  let closing: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    maxConnections: 1,
    close() {
      closing ??= (async () => {
        await front.close();
        await server.stop();
        await db.close();
      })();
      return closing;
    },
  };
}
