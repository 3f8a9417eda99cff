/**
 * A TCP front for the embedded Postgres that lets one client connection through at a
 * time and turns any other away with a proper Postgres error (FATAL 53300
 * too_many_connections). pglite-socket's own limit just drops the socket, and
 * porsager/postgres then retries quietly until the first connection closes (30 s of idle
 * timeout): a hang instead of a message naming the problem.
 */
import { connect, createServer, type Socket } from "node:net";

export interface OneConnectionFront {
  readonly port: number;
  /** Stops listening and cuts every connection. */
  close(): Promise<void>;
}

export async function startOneConnectionFront(upstreamPort: number): Promise<OneConnectionFront> {
  let current: { readonly client: Socket; readonly upstream: Socket } | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    if (current) {
      client.on("error", () => {});
      client.end(tooManyConnections(), () => client.destroy());
      return;
    }
    const upstream = connect(upstreamPort, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    const pair = { client, upstream };
    current = pair;
    const finish = () => {
      client.destroy();
      upstream.destroy();
      if (current === pair) current = null;
    };
    for (const socket of [client, upstream]) {
      socket.on("error", finish);
      socket.on("close", finish);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** An ErrorResponse message: what Postgres sends when max_connections is reached. */
function tooManyConnections(): Buffer {
  const fields = [
    ["S", "FATAL"],
    ["V", "FATAL"],
    ["C", "53300"],
    ["M", "the embedded Postgres serves one connection at a time; open pools on it with maxConnections: 1"],
  ];
  const body = Buffer.concat([
    ...fields.map(([code, value]) => Buffer.from(`${code}${value}\0`, "utf8")),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
