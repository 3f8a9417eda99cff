/**
 * `startServer`: the sidecar process. Builds the engine from the resolved options, serves
 * the app with @hono/node-server, and shuts down gracefully on SIGTERM/SIGINT (or
 * `close()`): readiness fails and watch streams end at once; on SIGTERM the API keeps
 * serving for shutdownDrainMs, every response closing its connection, so that load
 * balancers and keep-alive clients move off without a failed request
 * (http/connection-drain.ts); then no new connections are accepted, in-flight requests
 * get up to shutdownTimeoutMs to finish (then their connections are closed), and the
 * engine closes last. A second signal (or `close()`) cuts the drain short.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createAdaptorServer } from "@hono/node-server";
import type { ResolvedSidecarOptions } from "./config/options.js";
import { createEngine } from "./engine/create.js";
import type { Engine } from "./engine/types.js";
import { SubqError } from "./errors.js";
import { type App, createApp } from "./http/app.js";
import { closeConnections } from "./http/connection-drain.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics/metrics.js";
import type { ServerReports } from "./reports/index.js";

export interface ServerDeps {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Default engine/create.ts createEngine. */
  readonly createEngine?: (
    options: ResolvedSidecarOptions,
    deps: { metrics: Metrics; logger: Logger },
  ) => Promise<Engine>;
  /** The report API (reports/host/server-reports.ts); closed with the server. Default none. */
  readonly reports?: ServerReports | null;
  /** Shut down on SIGTERM and SIGINT. Default true. */
  readonly handleSignals?: boolean;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (options.port 0 picks one). */
  readonly url: string;
  readonly app: App;
  readonly engine: Engine;
  /** Graceful shutdown; every call returns the same promise, and a second one cuts a drain short. */
  close(reason?: string, options?: CloseOptions): Promise<void>;
  /** Settles when the server has shut down, however that was started. */
  readonly closed: Promise<void>;
}

export interface CloseOptions {
  /**
   * Keep serving this long first, every response closing its connection (SIGTERM uses
   * shutdownDrainMs). Default 0.
   */
  readonly drainMs?: number;
}

export async function startServer(
  options: ResolvedSidecarOptions,
  deps: ServerDeps = {},
): Promise<RunningServer> {
  const logger = deps.logger ?? createLogger({ level: options.logLevel });
  checkAuth(options, logger);
  const metrics = deps.metrics ?? createMetrics({ dbLoadWindowMs: options.metrics.dbLoadWindowMs });
  const engine = await (deps.createEngine ?? createEngine)(options, { metrics, logger });
  const shutdown = new AbortController();
  const reports = deps.reports ?? undefined;
  const app = createApp({
    engine,
    options,
    metrics,
    logger,
    shutdown: shutdown.signal,
    ...(reports ? { reports: reports.api } : {}),
  });
  // Without http2 or TLS options, @hono/node-server makes a plain node:http server.
  const server = createAdaptorServer({ fetch: app.fetch, hostname: options.host }) as Server;
  try {
    await listen(server, options);
  } catch (error) {
    await reports?.close();
    await engine.close();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  logger.info({ url, role: options.role, tenants: engine.tenants() }, "subq listening");

  let closing: Promise<void> | undefined;
  const hurry = new AbortController();
  const close = (reason = "close()", { drainMs = 0 }: CloseOptions = {}) => {
    if (closing) hurry.abort();
    closing ??= (async () => {
      logger.info({ reason, drainMs, timeoutMs: options.shutdownTimeoutMs }, "shutting down");
      shutdown.abort();
      if (drainMs > 0) {
        logger.info({ drainMs }, "draining: not ready, still serving, every response closes its connection");
        await sleep(drainMs, undefined, { signal: hurry.signal }).catch(() => undefined);
      }
      await closeConnections(server, options.shutdownTimeoutMs, logger);
      await reports?.close();
      await engine.close();
      removeSignals();
      logger.info("stopped");
    })();
    return closing;
  };
  // Orchestrators stop with SIGTERM: drain then (an API process). Ctrl-C (SIGINT) does not
  // wait; a second signal cuts a drain short.
  const onSignal = (signal: NodeJS.Signals) => {
    const drainMs = signal === "SIGTERM" && options.role !== "worker" ? options.shutdownDrainMs : 0;
    void close(signal, { drainMs });
  };
  const removeSignals = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  if (deps.handleSignals ?? true) {
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  server.once("close", () => void close("server closed").then(resolveClosed, resolveClosed));
  return { url, app, engine, close, closed };
}

/** The API without tokens would be open to anyone who can reach it: refuse, unless auth is off on purpose. */
function checkAuth(options: ResolvedSidecarOptions, logger: Logger): void {
  if (options.role === "worker") return;
  if (options.auth.disabled) {
    logger.warn("authentication is disabled (auth.disabled): any caller may search as any user");
    return;
  }
  if (Object.keys(options.auth.tokens).length === 0) {
    throw new SubqError(
      "E_CONFIG",
      "no application tokens are configured, so no application could call the API: set SUBQ_TOKENS=app:token " +
        "(a token per application, e.g. from `openssl rand -hex 32`), or for local development only SUBQ_AUTH_DISABLED=true",
      { where: "auth.tokens" },
    );
  }
}

function listen(server: Server, options: ResolvedSidecarOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === "EADDRINUSE"
          ? `port ${options.port} on ${options.host} is in use; set SUBQ_PORT (or port) to a free one`
          : `cannot listen on ${options.host}:${options.port} (${error.code ?? error.message}); check SUBQ_HOST and SUBQ_PORT`;
      reject(new SubqError("E_CONFIG", hint, { cause: error }));
    };
    server.once("error", onError);
    server.listen(options.port, options.host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
