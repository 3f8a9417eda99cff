/**
 * `startServer`: the sidecar process. Builds the engine from the resolved options, serves
 * the app with @hono/node-server, and shuts down gracefully on SIGTERM/SIGINT (or
 * `close()`): readiness fails and watch streams end at once, no new connections are
 * accepted, in-flight requests get up to shutdownTimeoutMs to finish (then their
 * connections are closed), and the engine closes last.
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { ResolvedSidecarOptions } from "./config/options.js";
import { createEngine } from "./engine/create.js";
import type { Engine } from "./engine/types.js";
import { SubqError } from "./errors.js";
import { type App, createApp } from "./http/app.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics/metrics.js";
import type { ServerReports } from "./reports/server-reports.js";

export interface ServerDeps {
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Default engine/create.ts createEngine. */
  readonly createEngine?: (
    options: ResolvedSidecarOptions,
    deps: { metrics: Metrics; logger: Logger },
  ) => Promise<Engine>;
  /** The report API (reports/server-reports.ts); closed with the server. Default none. */
  readonly reports?: ServerReports | null;
  /** Shut down on SIGTERM and SIGINT. Default true. */
  readonly handleSignals?: boolean;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (options.port 0 picks one). */
  readonly url: string;
  readonly app: App;
  readonly engine: Engine;
  /** Graceful shutdown; every call returns the same promise. */
  close(reason?: string): Promise<void>;
  /** Settles when the server has shut down, however that was started. */
  readonly closed: Promise<void>;
}

type NodeServer = ReturnType<typeof createAdaptorServer> & {
  closeIdleConnections?: () => void;
  closeAllConnections?: () => void;
};

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
  const server = createAdaptorServer({ fetch: app.fetch, hostname: options.host }) as NodeServer;
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
  const close = (reason = "close()") => {
    closing ??= (async () => {
      logger.info({ reason, timeoutMs: options.shutdownTimeoutMs }, "shutting down");
      shutdown.abort();
      await drain(server, options.shutdownTimeoutMs, logger);
      await reports?.close();
      await engine.close();
      removeSignals();
      logger.info("stopped");
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => void close(signal);
  const removeSignals = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  if (deps.handleSignals ?? true) {
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  server.once("close", () => void close("server closed").then(resolveClosed, resolveClosed));
  return { url, app, engine, close: (reason) => close(reason), closed };
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

function listen(server: NodeServer, options: ResolvedSidecarOptions): Promise<void> {
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

/** Stops accepting, lets in-flight requests finish, and cuts what is left after `timeoutMs`. */
function drain(server: NodeServer, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, "requests still running at the shutdown timeout; closing their connections");
      server.closeAllConnections?.();
    }, timeoutMs);
    // A keep-alive connection would stay open until its idle timeout once its request is
    // done: close each as soon as it is idle.
    const idle = setInterval(() => server.closeIdleConnections?.(), IDLE_SWEEP_MS);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(idle);
      resolve();
    });
    server.closeIdleConnections?.();
  });
}

const IDLE_SWEEP_MS = 25;
