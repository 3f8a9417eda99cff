import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "./client.js";
import type { SubqClientError } from "./errors.js";
import { type MockSidecar, mockSidecar, TOKEN } from "./testing/mock-sidecar.js";
import type { VersionInfo } from "./types.js";
import type { ReconnectInfo } from "./watch.js";

const ref = { jql: "project = SD AND status = Open", user: "u-1" };
const sse = { "content-type": "text/event-stream" };
const isWatch = (p: string) => p.startsWith("/v1/tenants/acme/watch?");
const version = (v: number, stale = false, id?: number) =>
  `${id === undefined ? "" : `id: ${id}\n`}event: version\ndata: ${JSON.stringify({ version: v, stale })}\n\n`;

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("watch over a mock sidecar", () => {
  let sidecar: MockSidecar;
  beforeEach(() => {
    sidecar = mockSidecar();
  });
  afterEach(async () => {
    await sidecar.close();
  });

  it("asks for an event stream with the query and auth, and yields its versions", async () => {
    sidecar.pool
      .intercept({ path: isWatch })
      .reply(200, `: hello\n\n${version(1)}: ping\n\n${version(2, true)}`, { headers: sse });
    const watch = sidecar.client().watch(ref);
    expect(await take(watch, 2)).toEqual([
      { version: 1, stale: false },
      { version: 2, stale: true },
    ]);
    await watch.return();
    const [call] = sidecar.calls();
    expect(call!.searchParams).toEqual({ jql: ref.jql, user: ref.user });
    expect(call!.headers).toMatchObject({ accept: "text/event-stream", authorization: `Bearer ${TOKEN}` });
    expect(call!.headers).not.toHaveProperty("last-event-id");
  });

  it("reconnects when the stream ends, sends Last-Event-ID, and yields a version again only if it moved", async () => {
    sidecar.pool
      .intercept({ path: isWatch })
      .reply(200, version(1, false, 10) + version(2, false, 11), { headers: sse });
    sidecar.pool.intercept({ path: isWatch }).reply(200, version(2, false, 12), { headers: sse });
    sidecar.pool
      .intercept({ path: isWatch })
      .reply(503, { error: { code: "E_SHUTTING_DOWN", message: "bye" } });
    sidecar.pool
      .intercept({ path: isWatch })
      .reply(200, version(2, true, 13) + version(3, false, 14), { headers: sse });
    const reconnects: [string, ReconnectInfo][] = [];
    const watch = sidecar.client().watch(ref, { onReconnect: (e, info) => reconnects.push([e.code, info]) });
    expect(await take(watch, 4)).toEqual([
      { version: 1, stale: false },
      { version: 2, stale: false },
      { version: 2, stale: true },
      { version: 3, stale: false },
    ]);
    await watch.return();
    const ids = sidecar.calls().map((c) => c.headers?.["last-event-id"]);
    expect(ids).toEqual([undefined, "11", "12", "12"]);
    expect(reconnects.map(([code, info]) => [code, info.attempt])).toEqual([
      ["E_NETWORK", 1],
      ["E_NETWORK", 1],
      ["E_SHUTTING_DOWN", 2],
    ]);
    for (const [, info] of reconnects) expect(info.delayMs).toBeLessThanOrEqual(4);
  });

  it("ends by throwing on errors a retry cannot fix, after consuming the answer", async () => {
    const diagnostic = {
      code: "E_JQL_SYNTAX",
      message: "expected a value",
      line: 1,
      column: 9,
      span: { start: 8, end: 11 },
    };
    sidecar.pool.intercept({ path: isWatch }).reply(400, {
      error: { code: "E_JQL_SYNTAX", message: "expected a value", where: "query.jql", diagnostic },
    });
    const error = (await take(sidecar.client().watch(ref), 1).catch((e: unknown) => e)) as SubqClientError;
    expect(error).toMatchObject({
      name: "SubqJqlError",
      code: "E_JQL_SYNTAX",
      status: 400,
      where: "query.jql",
    });
    expect(error.diagnostic).toMatchObject({
      line: 1,
      column: 9,
      rendered: "line 1, column 9: expected a value",
    });
  });

  it("rejects an answer that is not an event stream", async () => {
    sidecar.pool
      .intercept({ path: isWatch })
      .reply(200, { version: 1, stale: false }, { headers: { "content-type": "application/json" } });
    await expect(take(sidecar.client().watch(ref), 1)).rejects.toMatchObject({ code: "E_BAD_RESPONSE" });
  });

  it("ends quietly when the signal aborts while waiting to reconnect", async () => {
    sidecar.pool.intercept({ path: isWatch }).reply(200, version(1), { headers: sse });
    const controller = new AbortController();
    const client = sidecar.client({ retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const watch = client.watch(ref, { signal: controller.signal, onReconnect: () => controller.abort() });
    expect(await take(watch, 5)).toEqual([{ version: 1, stale: false }]);
    expect(sidecar.calls()).toHaveLength(1);
  });
});

describe("watch over a real stream", () => {
  const servers: { close(cb: () => void): void; closeAllConnections(): void }[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(resolve));
    }
  });

  async function serve(handler: (res: ServerResponse, n: number) => void) {
    let n = 0;
    const closed: number[] = [];
    const server = createServer((req, res) => {
      const mine = n++;
      req.on("close", () => closed.push(mine));
      res.writeHead(200, sse);
      handler(res, mine);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, connections: () => n, closed };
  }

  it("reconnects a silent stream after watchIdleMs; heartbeats keep a stream open", async () => {
    const server = await serve((res, n) => {
      res.write(version(n + 1));
      if (n === 1) {
        const beat = setInterval(() => res.write(": hb\n\n"), 20);
        res.on("close", () => clearInterval(beat));
      }
    });
    const client = createClient({
      url: server.url,
      tenant: "acme",
      watchIdleMs: 120,
      retry: { baseDelayMs: 1 },
    });
    const watch = client.watch(ref);
    const seen: VersionInfo[] = await take(watch, 2);
    expect(seen).toEqual([
      { version: 1, stale: false },
      { version: 2, stale: false },
    ]);
    // The second stream beats every 20 ms: it outlives several idle periods.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.connections()).toBe(2);
    await watch.return();
  });

  it("return() closes the open stream at once", async () => {
    const server = await serve((res) => res.write(version(1)));
    const watch = createClient({ url: server.url, tenant: "acme" }).watch(ref);
    expect(await take(watch, 1)).toEqual([{ version: 1, stale: false }]);
    await watch.return();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.closed).toEqual([0]);
  });

  it("an abort while waiting for the next event ends the iteration and closes the stream", async () => {
    const server = await serve((res) => res.write(version(1)));
    const controller = new AbortController();
    const watch = createClient({ url: server.url, tenant: "acme" }).watch(ref, { signal: controller.signal });
    expect(await take(watch, 1)).toEqual([{ version: 1, stale: false }]);
    const pending = watch.next();
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toEqual({ done: true, value: undefined });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.closed).toEqual([0]);
    expect(server.connections()).toBe(1);
  });
});
