/**
 * The transport against a real HTTP server on localhost: what a MockAgent cannot show
 * (connections held by unread bodies, a body that stalls after its headers, a refused
 * connection).
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "./client.js";

const servers: Server[] = [];
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: (url: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => handler(req.url ?? "", res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ref = { jql: "project = SD", user: "u" };

/** Answers `version` with 5; everything else with `status` and `body`. */
function versionOr(status: number, type: string, body: string) {
  return (path: string, res: ServerResponse) => {
    if (path.startsWith("/v1/tenants/acme/version")) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ version: 5, stale: false }));
    } else {
      res.writeHead(status, { "content-type": type }).end(body);
    }
  };
}

describe("transport over a real connection", () => {
  it("reads every error body, so one connection serves call after call", async () => {
    // 256 KiB error bodies: more than undici buffers on its own, so an unread one would
    // hold the only connection and the next call would wait for it forever.
    const big = JSON.stringify({
      error: { code: "E_NOT_FOUND", message: "no such thing", pad: "x".repeat(256 * 1024) },
    });
    const url = await serve(versionOr(404, "application/json", big));
    const dispatcher = new Client(url, { pipelining: 1 });
    clients.push(dispatcher);
    const client = createClient({ url, tenant: "acme", dispatcher, timeoutMs: 2000 });
    for (let i = 0; i < 5; i++) {
      await expect(client.subscription(`s${i}`)).rejects.toMatchObject({ code: "E_NOT_FOUND", status: 404 });
    }
    expect(await client.version(ref)).toEqual({ version: 5, stale: false });
  });

  it("cuts an error body beyond 1 MiB short by closing its connection; the next call opens another", async () => {
    const url = await serve(versionOr(404, "text/html", `<html>${"x".repeat(3 * 1024 * 1024)}</html>`));
    const dispatcher = new Client(url, { pipelining: 1 });
    clients.push(dispatcher);
    const client = createClient({ url, tenant: "acme", dispatcher, timeoutMs: 2000 });
    const error = await client.subscription("s").catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "E_HTTP",
      status: 404,
      message: /^GET \/v1\/tenants\/acme\/subscriptions\/s: HTTP 404: <html>x{10}/,
    });
    expect(await client.version(ref)).toEqual({ version: 5, stale: false });
  });

  it("a body that stalls after its headers is E_TIMEOUT: the deadline covers the whole answer", async () => {
    const url = await serve((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"version":');
    });
    const client = createClient({
      url,
      tenant: "acme",
      timeoutMs: 100,
      retry: { attempts: 2, baseDelayMs: 1 },
    });
    const started = Date.now();
    await expect(client.version(ref)).rejects.toMatchObject({ code: "E_TIMEOUT", name: "SubqTimeoutError" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("retries a read whose connection closes or resets before any answer; a publish is sent once", async () => {
    // What a server that closes its keep-alive connections does to a request it did not read.
    const cuts = { calls: 0, close: 0, reset: 0 };
    const url = await serve((path, res) => {
      cuts.calls++;
      if (cuts.close > 0) {
        cuts.close--;
        res.socket!.destroy(); // FIN: undici's UND_ERR_SOCKET "other side closed"
      } else if (cuts.reset > 0) {
        cuts.reset--;
        res.socket!.resetAndDestroy(); // RST: ECONNRESET
      } else if (path.includes("/search")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ issues: [], total: 0, version: 5, stale: false }));
      } else versionOr(200, "application/json", "{}")(path, res);
    });
    const client = createClient({ url, tenant: "acme", retry: { attempts: 3, baseDelayMs: 1 } });
    Object.assign(cuts, { calls: 0, close: 1, reset: 1 });
    expect(await client.version(ref)).toEqual({ version: 5, stale: false });
    expect(cuts.calls).toBe(3);
    Object.assign(cuts, { calls: 0, close: 1, reset: 1 });
    expect(await client.search({ ...ref })).toMatchObject({ total: 0, version: 5 });
    expect(cuts.calls).toBe(3);
    Object.assign(cuts, { calls: 0, close: 1, reset: 0 });
    const error = await client.publishEvents([]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NETWORK", cause: { code: "UND_ERR_SOCKET" } });
    expect(cuts.calls).toBe(1);
  });

  it("a refused connection is E_NETWORK after the retries", async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const client = createClient({ url, tenant: "acme", retry: { attempts: 2, baseDelayMs: 1 } });
    await expect(client.version(ref)).rejects.toMatchObject({ code: "E_NETWORK", name: "SubqNetworkError" });
  });
});
