import { createServer } from "node:net";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { SidecarOptions } from "./config/options.js";
import { resolveOptions } from "./config/resolve.js";
import { isSubqError } from "./errors.js";
import { FakeEngine } from "./http/testing/fake-engine.js";
import { TOKENS } from "./http/testing/test-app.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics/metrics.js";
import { type RunningServer, startServer } from "./server.js";

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(options: SidecarOptions = {}, engine = new FakeEngine()) {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const resolved = resolveOptions({ port: 0, auth: { tokens: TOKENS }, ...options });
  const server = await startServer(resolved, {
    logger: createLogger({ level: "info", destination }),
    metrics: createMetrics({ processMetrics: false }),
    createEngine: async () => engine,
    handleSignals: false,
  });
  running.push(server);
  return { server, engine, logs };
}

const auth = { authorization: `Bearer ${TOKENS.billing}` };

describe("startServer", () => {
  it("serves the app on the configured host and a free port", async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const res = await fetch(`${server.url}/v1/tenants/acme/search`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ jql: "project = FOO", user: "ann" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: 1 });
  });

  it("refuses to serve the API without application tokens, unless authentication is off", async () => {
    const error = await start({ auth: { tokens: {} } }).catch((e: unknown) => e);
    expect(isSubqError(error, "E_CONFIG")).toBe(true);
    expect((error as Error).message).toContain("no application tokens are configured");
    expect((error as Error).message).toContain("SUBQ_TOKENS=app:token");
    const worker = await start({ role: "worker", auth: { tokens: {} } });
    expect((await fetch(`${worker.server.url}/readyz`)).status).toBe(200);
    const open = await start({ auth: { tokens: {}, disabled: true } });
    expect(open.logs).toContainEqual(
      expect.objectContaining({ level: "warn", msg: expect.stringContaining("authentication is disabled") }),
    );
  });

  it("explains a port in use and closes the engine it opened", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const engine = new FakeEngine();
    try {
      const error = await start({ port }, engine).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        `port ${port} on 127.0.0.1 is in use; set SUBQ_PORT (or port) to a free one`,
      );
      expect(engine.closed).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it("drains in-flight requests on close, then closes the engine", async () => {
    const engine = new FakeEngine();
    let release: (() => void) | undefined;
    const search = engine.search.bind(engine);
    engine.search = async (request) => {
      await new Promise<void>((resolve) => (release = resolve));
      return search(request);
    };
    const { server } = await start({}, engine);
    const inflight = fetch(`${server.url}/v1/tenants/acme/search`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ jql: "", user: null }),
    });
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = server.close();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(engine.closed).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow(); // no new connections
    release!();
    expect((await inflight).status).toBe(200);
    await closing;
    expect(engine.closed).toBe(true);
    await server.closed;
  });

  it("cuts requests still running at shutdownTimeoutMs", async () => {
    const engine = new FakeEngine();
    let called = false;
    engine.search = () => {
      called = true;
      return new Promise(() => {}); // never answers
    };
    const { server, logs } = await start({ shutdownTimeoutMs: 50 }, engine);
    const inflight = fetch(`${server.url}/v1/tenants/acme/search`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ jql: "", user: null }),
    }).catch((error: unknown) => error);
    while (!called) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inflight).toBeInstanceOf(Error);
    expect(engine.closed).toBe(true);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: expect.stringContaining("shutdown timeout") }),
    );
  });

  it("keeps serving during a drain, not ready, every answer closing its connection; a second close ends it", async () => {
    const { server, engine } = await start();
    const closing = server.close("test", { drainMs: 600_000 });
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, ready.headers.get("connection")]).toEqual([503, "close"]);
    await ready.body?.cancel();
    const search = await fetch(`${server.url}/v1/tenants/acme/search`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ jql: "project = FOO", user: "ann" }),
    });
    expect([search.status, search.headers.get("connection")]).toEqual([200, "close"]);
    expect(await search.json()).toMatchObject({ total: 1 });
    // A watch stream (keep-alive by default) ends at once, and its connection with it.
    const watch = await fetch(`${server.url}/v1/tenants/acme/watch?jql=`, { headers: auth });
    expect([watch.status, watch.headers.get("connection")]).toEqual([200, "close"]);
    expect(await watch.text()).toBe("");
    expect(engine.closed).toBe(false);
    await server.close();
    await closing;
    expect(engine.closed).toBe(true);
  });

  it("ends watch streams at the start of a shutdown instead of waiting for the timeout", async () => {
    const { server, engine } = await start({ shutdownTimeoutMs: 10_000 });
    const res = await fetch(`${server.url}/v1/tenants/acme/watch?jql=`, { headers: auth });
    const reader = res.body!.getReader();
    await reader.read();
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(engine.watchesEnded).toBe(1);
  });
});
