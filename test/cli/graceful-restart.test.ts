/**
 * A graceful restart under load, with real processes and sockets (issue 12): keep-alive
 * clients — raw undici pools, the SDK's calls, its watch stream — poll an API sidecar
 * (`subq start --role api`, a child process) through a load balancer. The sidecar gets
 * SIGTERM; the balancer sends new connections to a second sidecar once the first stops
 * being ready, as a real one would. Not one request may fail: the drain keeps serving,
 * every response closes its connection, and nothing the clients sent meets a closed
 * socket. The process still exits within the drain and the shutdown timeout.
 *
 * Nothing here depends on an idle machine: the balancer follows readiness (with a drain
 * far longer than a readiness probe takes), and the exit is only bounded from above by a
 * generous margin and from below by the drain (a sleep never ends early).
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type SubqClient } from "../../packages/client/src/index.js";
import { Agent, type Dispatcher, Pool } from "../../packages/client/src/testing/undici.js";
import { REPO_ROOT } from "../support/cli.js";
import { until } from "../support/wait.js";
import { type SidecarFixture, startSidecarFixture } from "./sidecar-fixture.js";

const DRAIN_MS = 3_000;
const TIMEOUT_MS = 5_000;

let f: SidecarFixture;
beforeAll(async () => {
  f = await startSidecarFixture("restart", 200);
});
afterAll(async () => {
  await f?.close();
});

describe("a graceful restart under load", () => {
  it("fails no request of keep-alive pollers and watchers, and exits within the drain and timeout", async () => {
    const old = await spawnSidecar(f);
    const balancer = await startBalancer(old.port);
    const dispatchers: Dispatcher[] = [];
    const stop = new AbortController();
    try {
      const base = `http://127.0.0.1:${balancer.port}`;
      const [project] = await f.db.sql<{ key: string }[]>`SELECT key FROM projects ORDER BY id LIMIT 1`;
      const jql = `project = ${project!.key} ORDER BY key`;
      const ref = { jql, user: f.user };
      const auth = { authorization: `Bearer ${f.token}` };
      const sdk = (retry: { attempts: number }) => {
        const dispatcher = new Agent();
        dispatchers.push(dispatcher);
        return createClient({ url: base, token: f.token, tenant: f.tenant, dispatcher, retry });
      };
      const first = await sdk({ attempts: 1 }).search({ ...ref, maxResults: 5 });
      const issue = first.issues[0]!.key;

      // Raw undici: no retries, so any socket error is a failed request.
      const tallies: Tally[] = [];
      const loops: Promise<void>[] = [];
      const poll = (name: string, call: () => Promise<void>) => {
        const tally: Tally = { name, ok: 0, failures: [] };
        tallies.push(tally);
        loops.push(pollLoop(tally, call, stop.signal));
      };
      for (let p = 0; p < 2; p++) {
        const pool = new Pool(base, { connections: 4 });
        dispatchers.push(pool);
        const version = `/v1/tenants/${f.tenant}/version?jql=${encodeURIComponent(jql)}&user=${f.user}`;
        for (let i = 0; i < 2; i++) {
          poll(`undici ${p}.${i} version`, () =>
            rawCall(pool, { method: "GET", path: version, headers: auth }),
          );
        }
        poll(`undici ${p} search`, () =>
          rawCall(pool, {
            method: "POST",
            path: `/v1/tenants/${f.tenant}/search`,
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify({ ...ref, maxResults: 10 }),
          }),
        );
      }
      // The SDK: once without retries (the server alone must not fail a call), once as shipped.
      for (const [label, client] of [
        ["sdk strict", sdk({ attempts: 1 })],
        ["sdk", sdk({ attempts: 3 })],
      ] as [string, SubqClient][]) {
        poll(`${label} version`, async () => void (await client.version(ref)));
        poll(`${label} contains`, async () => void (await client.contains({ ...ref, issue })));
        poll(`${label} search`, async () => void (await client.search({ ...ref, maxResults: 10 })));
      }
      const watch = watchLoop(sdk({ attempts: 3 }), ref, stop.signal);
      const total = () => tallies.reduce((sum, tally) => sum + tally.ok, 0);
      await until("the pollers to run", () => (total() >= 200 && watch.versions > 0 ? true : undefined));

      const signalled = Date.now();
      old.process.kill("SIGTERM");
      const lb = followReadiness(old.url, () => balancer.retarget(f.server.url));
      const code = await old.exited;
      const exitMs = Date.now() - signalled;
      await lb;
      // Every poller keeps succeeding, now on the new sidecar, and the watch moved over to it.
      const after = tallies.map((tally) => tally.ok);
      await until("every poller to succeed on the new sidecar", () =>
        tallies.every((tally, i) => tally.ok >= after[i]! + 20) ? true : undefined,
      );
      await until("the watch stream to reopen on the new sidecar", async () =>
        (await gauge(f.server.url, "subq_watch_streams")) >= 1 ? true : undefined,
      );
      stop.abort();
      await Promise.all([...loops, watch.done]);

      const failures = tallies.flatMap((tally) =>
        tally.failures.map((failure) => `${tally.name}: ${failure}`),
      );
      expect(failures.slice(0, 20), `${failures.length} failed requests`).toEqual([]);
      expect(watch.errors).toEqual([]);
      // The watch ended cleanly at the SIGTERM and reconnected; never on a socket error.
      expect(watch.reconnects.length).toBeGreaterThan(0);
      for (const reason of watch.reconnects) expect(reason).toMatch(/the watch stream ended/);
      expect(code, old.log()).toBe(0);
      expect(old.log()).toContain("draining");
      expect(old.log()).toContain('"msg":"stopped"');
      expect(exitMs).toBeGreaterThanOrEqual(DRAIN_MS);
      expect(exitMs).toBeLessThan(DRAIN_MS + TIMEOUT_MS + 15_000);
    } finally {
      stop.abort();
      if (old.process.exitCode === null) old.process.kill("SIGKILL");
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.destroy()));
      await balancer.close();
    }
  }, 120_000); // a process start, the drain and the exit: slow on a loaded machine, never stuck
});

interface Tally {
  readonly name: string;
  ok: number;
  readonly failures: string[];
}

async function pollLoop(tally: Tally, call: () => Promise<void>, stop: AbortSignal): Promise<void> {
  while (!stop.aborted) {
    try {
      await call();
      tally.ok++;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      tally.failures.push(`${(error as Error).message}${cause?.code ? ` (${cause.code})` : ""}`);
    }
    await sleep(1);
  }
}

/** One request over the pool, its whole body read; anything but 200 is a failure. */
async function rawCall(pool: Pool, request: Omit<Dispatcher.RequestOptions, "origin">): Promise<void> {
  const response = await pool.request(request);
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
}

function watchLoop(client: SubqClient, ref: { jql: string; user: string }, stop: AbortSignal) {
  const state = { versions: 0, reconnects: [] as string[], errors: [] as string[], done: Promise.resolve() };
  state.done = (async () => {
    try {
      for await (const _ of client.watch(ref, {
        signal: stop,
        onReconnect: (error) => state.reconnects.push(error.message),
      })) {
        state.versions++;
      }
    } catch (error) {
      state.errors.push((error as Error).message);
    }
  })();
  return state;
}

/** What a load balancer does: probes /readyz and moves new connections away once it fails. */
async function followReadiness(url: string, moveAway: () => void): Promise<void> {
  for (;;) {
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.ok;
      },
      () => false,
    );
    if (!ready) return moveAway();
    await sleep(50);
  }
}

async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

interface Balancer {
  readonly port: number;
  /** New connections go to this port from now on; open ones stay where they are. */
  retarget(url: string): void;
  close(): Promise<void>;
}

/** A TCP load balancer: each client connection is piped to the target of the moment. */
async function startBalancer(port: number): Promise<Balancer> {
  let target = port;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      // A reset on one side resets the other, as the client would see it without us.
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    retarget: (url) => {
      target = Number(new URL(url).port);
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface SpawnedSidecar {
  readonly process: ChildProcess;
  readonly url: string;
  readonly port: number;
  readonly exited: Promise<number | null>;
  log(): string;
}

/** `subq start --role api` from sources, on a free port, serving the fixture's tenant. */
async function spawnSidecar(fixture: SidecarFixture): Promise<SpawnedSidecar> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=subq-source",
      "packages/sidecar/src/cli/main.ts",
      "start",
      "--role",
      "api",
    ],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...fixture.env,
        SUBQ_TOKENS: `cli:${fixture.token}`,
        SUBQ_HOST: "127.0.0.1",
        SUBQ_PORT: "0",
        SUBQ_LOG_LEVEL: "info",
        SUBQ_SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        SUBQ_SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
      },
    },
  );
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await until(
    "the sidecar to listen",
    () => {
      if (child.exitCode !== null) throw new Error(`the sidecar exited at start:\n${log}`);
      return /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(log)?.[1];
    },
    30_000,
  );
  return { process: child, url, port: Number(new URL(url).port), exited, log: () => log };
}
