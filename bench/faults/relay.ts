/**
 * TCP relays of the fault benchmark, run in their own process (relay-main.ts) so that the
 * load generator cannot delay the bytes they carry:
 *
 * - a Postgres relay that can be blackholed: it stops forwarding in both directions
 *   without closing a socket (a silent partition: no RST, no FIN; new connections are
 *   accepted and then hear nothing), and forwards again on `heal` — test/support's
 *   tcp-proxy can only cut (close every socket), a fault a pool notices at once;
 * - an L4 balancer in front of the api sidecars, as a Kubernetes Service or HAProxy
 *   would be: new connections go round-robin to the backends whose /readyz answered 200
 *   in the last check (every 250 ms); a refused connect is retried on the next backend.
 *   Open connections are never moved: what a draining sidecar does with them is its own.
 */
import http from "node:http";
import net from "node:net";

export interface Relay {
  readonly port: number;
  close(): Promise<void>;
}

export interface BlackholeRelay extends Relay {
  blackhole(): void;
  heal(): void;
  readonly connections: number;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
}

/** Pipes two sockets both ways; either side's end or error tears down both. */
function join(a: net.Socket, b: net.Socket, sockets: Set<net.Socket>): void {
  for (const socket of [a, b]) {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {
      a.destroy();
      b.destroy();
    });
  }
  a.pipe(b).pipe(a);
}

export async function startBlackholeRelay(port: number, target: number): Promise<BlackholeRelay> {
  const sockets = new Set<net.Socket>();
  let holed = false;
  let connections = 0;
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(target, "127.0.0.1");
    join(client, upstream, sockets);
    if (holed) {
      client.pause();
      upstream.pause();
    }
  });
  const bound = await listen(server, port);
  return {
    port: bound,
    get connections() {
      return connections;
    },
    blackhole: () => {
      holed = true;
      // Paused sockets read nothing, so piping stops; the kernel buffers fill and the
      // peers see a connection that simply goes quiet.
      for (const socket of sockets) socket.pause();
    },
    heal: () => {
      holed = false;
      for (const socket of sockets) socket.resume();
    },
    close: closer(server, sockets),
  };
}

export interface BalancerRelay extends Relay {
  /** Backends ready at the last check. */
  readonly ready: readonly number[];
}

export async function startBalancer(port: number, backends: readonly number[]): Promise<BalancerRelay> {
  const sockets = new Set<net.Socket>();
  const ready = new Set<number>();
  let next = 0;
  const check = (backend: number) =>
    new Promise<boolean>((resolve) => {
      const request = http.get(
        { host: "127.0.0.1", port: backend, path: "/readyz", timeout: 1000 },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      request.on("timeout", () => request.destroy());
      request.on("error", () => resolve(false));
    });
  let checking = false;
  const timer = setInterval(async () => {
    if (checking) return;
    checking = true;
    try {
      const states = await Promise.all(backends.map(check));
      for (const [i, b] of backends.entries()) {
        if (states[i]) ready.add(b);
        else ready.delete(b);
      }
    } finally {
      checking = false;
    }
  }, 250);
  const server = net.createServer((client) => {
    client.pause();
    client.on("error", () => client.destroy());
    const candidates = backends.filter((b) => ready.has(b));
    const order = candidates.length > 0 ? candidates : [...backends];
    const start = next++;
    const attempt = (tries: number) => {
      if (client.destroyed) return;
      if (tries >= order.length + 1) return client.destroy();
      const backend = order[(start + tries) % order.length]!;
      const upstream = net.connect(backend, "127.0.0.1");
      const refused = () => attempt(tries + 1);
      upstream.once("error", refused);
      upstream.once("connect", () => {
        upstream.off("error", refused);
        join(client, upstream, sockets);
        client.resume();
      });
    };
    attempt(0);
  });
  const bound = await listen(server, port);
  const close = closer(server, sockets);
  return {
    port: bound,
    get ready() {
      return [...ready];
    },
    close: async () => {
      clearInterval(timer);
      await close();
    },
  };
}
