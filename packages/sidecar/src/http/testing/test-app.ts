/**
 * An app over a FakeEngine with captured logs, for in-process tests (`app.request()`).
 */
import { Writable } from "node:stream";
import type { SidecarOptions } from "../../config/options.js";
import { resolveOptions } from "../../config/resolve.js";
import { createLogger } from "../../logger.js";
import { createMetrics, type Metrics } from "../../metrics/metrics.js";
import { type App, createApp } from "../app.js";
import { FakeEngine } from "./fake-engine.js";

export const TOKENS = { billing: "billing-token-0123456789", boards: "boards-token-0123456789" } as const;

export interface TestApp {
  readonly app: App;
  readonly engine: FakeEngine;
  readonly metrics: Metrics;
  readonly logs: Record<string, unknown>[];
  /** Requests with the billing application's token unless `headers` say otherwise. */
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/** `extra.tenants`: the tenants the engine serves (default acme). */
export function testApp(
  options: SidecarOptions = {},
  extra: { shutdown?: AbortSignal; tenants?: readonly string[] } = {},
): TestApp {
  const engine = new FakeEngine(extra.tenants);
  const metrics = createMetrics({ processMetrics: false });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const resolved = resolveOptions({ ...options, auth: { tokens: TOKENS, ...options.auth } });
  const logger = createLogger({ level: "debug", destination });
  const app = createApp({ engine, options: resolved, metrics, logger, shutdown: extra.shutdown });
  return {
    app,
    engine,
    metrics,
    logs,
    async request(path, init = {}) {
      const { json, headers, ...rest } = init;
      const all = new Headers({ authorization: `Bearer ${TOKENS.billing}` });
      if (json !== undefined) all.set("content-type", "application/json");
      for (const [name, value] of new Headers(headers)) all.set(name, value);
      return app.request(path, {
        ...rest,
        headers: all,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
  };
}

/** `/v1/tenants/acme/<route>?<query>` with each value encoded. */
export function url(route: string, query: Record<string, string> = {}, tenant = "acme"): string {
  const search = new URLSearchParams(query).toString();
  return `/v1/tenants/${tenant}/${route}${search ? `?${search}` : ""}`;
}
