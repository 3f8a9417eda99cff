/**
 * Push: GET .../watch streams Server-Sent Events — `event: version` with
 * `{version, stale}` (id: the version) now and whenever it moves, a `: heartbeat` comment
 * every http.watchHeartbeatMs, until the client goes away or the server shuts down, which
 * aborts the engine's watch. The first version is read before the stream starts, so bad
 * JQL or an unknown tenant is an ordinary JSON error, not a broken stream.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { Engine, VersionResponse } from "../engine/types.js";
import type { Metrics } from "../metrics/metrics.js";
import type { AppEnv } from "./env.js";
import { errorResponses } from "./route-docs.js";
import { queryRefQuery, tenantParams } from "./schemas.js";

const watch = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/watch",
  operationId: "watch",
  summary: "Server-Sent Events: the query's version now and every time it moves",
  description:
    'Events: `event: version`, `id: <version>`, `data: {"version": n, "stale": b}`. Comments (`: heartbeat`) keep the connection alive.',
  request: { params: tenantParams, query: queryRefQuery },
  responses: {
    200: {
      content: { "text/event-stream": { schema: z.string() } },
      description: "An endless event stream",
    },
    ...errorResponses(400, 401, 404, 503),
  },
});

export interface WatchDeps {
  readonly engine: Engine;
  readonly metrics: Metrics;
  readonly heartbeatMs: number;
  readonly shutdown?: AbortSignal;
}

/** Reconnect delay suggested to clients (the SSE `retry:` field). */
const RETRY_MS = 1_000;

export function watchRoutes(app: OpenAPIHono<AppEnv>, deps: WatchDeps): void {
  app.openapi(watch, async (c) => {
    const { tenant } = c.req.valid("param");
    const { jql, user } = c.req.valid("query");
    c.set("jql", { text: jql, where: "query.jql" });
    const stop = new AbortController();
    const versions = deps.engine
      .watch({ tenant, jql, user: user ?? null }, stop.signal)
      [Symbol.asyncIterator]();
    let first: IteratorResult<VersionResponse>;
    try {
      first = await versions.next();
    } catch (error) {
      stop.abort();
      throw error;
    }
    c.header("X-Accel-Buffering", "no"); // proxies must not buffer the stream
    return streamSSE(c, async (stream) => {
      const end = () => stop.abort();
      stream.onAbort(end);
      c.req.raw.signal.addEventListener("abort", end);
      deps.shutdown?.addEventListener("abort", end);
      // No new stream may outlive a shutdown that has already begun.
      if (deps.shutdown?.aborted) end();
      const heartbeat = setInterval(() => void stream.write(": heartbeat\n\n"), deps.heartbeatMs);
      deps.metrics.handles.watchStreams.inc();
      try {
        let next = first;
        let retry: number | undefined = RETRY_MS;
        while (!next.done && !stop.signal.aborted) {
          await stream.writeSSE({
            event: "version",
            id: String(next.value.version),
            data: JSON.stringify({ version: next.value.version, stale: next.value.stale }),
            retry,
          });
          retry = undefined;
          next = await versions.next();
        }
      } catch (error) {
        // Headers are gone: the client sees the stream end and reconnects.
        c.get("log").warn({ err: error, tenant }, "watch stream ended by an error");
      } finally {
        clearInterval(heartbeat);
        end();
        await versions.return?.();
        c.req.raw.signal.removeEventListener("abort", end);
        deps.shutdown?.removeEventListener("abort", end);
        deps.metrics.handles.watchStreams.dec();
      }
    });
  });
}
