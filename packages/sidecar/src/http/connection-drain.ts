/**
 * How the sidecar lets its connections go at a shutdown without failing a request a
 * client has sent. Closing an idle keep-alive connection races with a client that is
 * sending its next request on it at that moment (the client sees a socket error), so:
 *
 * 1. From the start of the shutdown, `closeWhenShuttingDown` marks every answer
 *    `Connection: close` (watch streams too, whose default is keep-alive): the client
 *    closes the connection after reading it, and its next request opens a new one, which
 *    a load balancer sends elsewhere once readiness fails. Idle connections are left to
 *    the client's next request or to the keep-alive timeout, whose `Keep-Alive: timeout=`
 *    hint clients honour ahead of time. The server keeps serving for the drain.
 * 2. `closeConnections`: stops accepting; what is idle then (idle since before the drain,
 *    or after an answer whose headers predate it) is closed; in-flight requests get up to
 *    `timeoutMs`, their connections closed as each goes idle.
 */
import type { Server } from "node:http";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.js";

/** Middleware: once `shutdown` has fired, every answer asks its client to close the connection. */
export function closeWhenShuttingDown(shutdown: AbortSignal | undefined): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (shutdown?.aborted) c.header("Connection", "close");
  };
}

/** Stops accepting and closes every connection, in-flight ones after up to `timeoutMs`. */
export function closeConnections(server: Server, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, "requests still running at the shutdown timeout; closing their connections");
      server.closeAllConnections();
    }, timeoutMs);
    // An answer whose headers predate the shutdown leaves a keep-alive connection: close
    // each such one as soon as it is idle.
    const idle = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections();
  });
}

const IDLE_SWEEP_MS = 25;
