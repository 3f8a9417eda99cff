import { describe, expect, it } from "vitest";
import type { FakeEngine } from "./testing/fake-engine.js";
import { testApp, url } from "./testing/test-app.js";

const WATCH = url("watch", { jql: "project = FOO", user: "ann" });

/** Reads an event stream chunk by chunk; `until` waits for text matching a pattern. */
function reader(res: Response) {
  const stream = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return {
    get text() {
      return text;
    },
    async until(pattern: RegExp, timeoutMs = 2_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${pattern} in ${JSON.stringify(text)}`);
        const { done, value } = await stream.read();
        if (done) throw new Error(`stream ended waiting for ${pattern} in ${JSON.stringify(text)}`);
        text += decoder.decode(value, { stream: true });
      }
      return text;
    },
    async ended(timeoutMs = 2_000): Promise<boolean> {
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs));
      for (;;) {
        const next = await Promise.race([stream.read(), timeout]);
        if (next === "timeout") return false;
        if (next.done) return true;
        text += decoder.decode(next.value, { stream: true });
      }
    },
    cancel: () => stream.cancel(),
  };
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function versionEvents(text: string) {
  return text
    .split("\n\n")
    .filter((block) => block.includes("event: version"))
    .map((block) =>
      JSON.parse(
        block
          .split("\n")
          .find((line) => line.startsWith("data: "))!
          .slice(6),
      ),
    );
}

async function openWatch(
  engine: FakeEngine,
  request: (path: string, init?: RequestInit) => Promise<Response>,
  init?: RequestInit,
) {
  const res = await request(WATCH, init);
  expect(res.status).toBe(200);
  return { res, stream: reader(res), engine };
}

describe("GET watch (Server-Sent Events)", () => {
  it("sends the current version first, then every change, as version events with ids", async () => {
    const { request, engine } = testApp({ http: { watchHeartbeatMs: 60_000 } });
    engine.current = { version: 5, stale: false };
    const { res, stream } = await openWatch(engine, request);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    await stream.until(/\n\n/);
    expect(stream.text).toBe('event: version\ndata: {"version":5,"stale":false}\nid: 5\nretry: 1000\n\n');
    engine.pushVersion({ version: 6, stale: true });
    await stream.until(/"version":6/);
    engine.pushVersion({ version: 7, stale: false });
    await stream.until(/"version":7/);
    expect(versionEvents(stream.text)).toEqual([
      { version: 5, stale: false },
      { version: 6, stale: true },
      { version: 7, stale: false },
    ]);
    expect(stream.text).toContain('event: version\ndata: {"version":6,"stale":true}\nid: 6\n\n');
    expect(engine.calls[0]!.args[0]).toEqual({ tenant: "acme", jql: "project = FOO", user: "ann" });
    await stream.cancel();
  });

  it("sends heartbeat comments while nothing changes", async () => {
    const { request, engine } = testApp({ http: { watchHeartbeatMs: 10 } });
    const { stream } = await openWatch(engine, request);
    await stream.until(/: heartbeat\n\n[\s\S]*: heartbeat\n\n/);
    expect(versionEvents(stream.text)).toHaveLength(1);
    await stream.cancel();
  });

  it("stops cleanly when the client goes away: the engine's watch is aborted", async () => {
    const { request, engine, metrics } = testApp({ http: { watchHeartbeatMs: 10 } });
    const { stream } = await openWatch(engine, request);
    await stream.until(/event: version/);
    expect(await metrics.handles.watchStreams.get()).toMatchObject({ values: [{ value: 1 }] });
    await stream.cancel();
    await until(() => engine.watchesEnded === 1);
    expect(engine.watchesStarted).toBe(1);
    let open = 1;
    for (let i = 0; i < 100 && open !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      open = (await metrics.handles.watchStreams.get()).values[0]!.value;
    }
    expect(open).toBe(0);
  });

  it("stops when the request's signal aborts", async () => {
    const { request, engine } = testApp({ http: { watchHeartbeatMs: 60_000 } });
    const client = new AbortController();
    const { stream } = await openWatch(engine, request, { signal: client.signal });
    await stream.until(/event: version/);
    client.abort();
    await until(() => engine.watchesEnded === 1);
  });

  it("ends every stream when the server shuts down", async () => {
    const shutdown = new AbortController();
    const { request, engine } = testApp(
      { http: { watchHeartbeatMs: 60_000 } },
      { shutdown: shutdown.signal },
    );
    const first = await openWatch(engine, request);
    const second = await openWatch(engine, request);
    await first.stream.until(/event: version/);
    await second.stream.until(/event: version/);
    shutdown.abort();
    expect(await first.stream.ended()).toBe(true);
    expect(await second.stream.ended()).toBe(true);
    expect(engine.watchesEnded).toBe(2);
  });

  it("answers errors before the stream starts as JSON", async () => {
    const { request } = testApp();
    const res = await request(url("watch", { jql: "" }, "nobody"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: "E_UNKNOWN_TENANT" } });
  });

  it("ends the stream (for the client to reconnect) when the engine's watch fails later", async () => {
    const { request, engine, logs } = testApp({ http: { watchHeartbeatMs: 60_000 } });
    const { stream } = await openWatch(engine, request);
    await stream.until(/event: version/);
    engine.failWatches(new Error("subscriber connection lost"));
    expect(await stream.ended()).toBe(true);
    expect(logs.find((line) => line.msg === "watch stream ended by an error")).toMatchObject({
      level: "warn",
      tenant: "acme",
    });
  });
});
