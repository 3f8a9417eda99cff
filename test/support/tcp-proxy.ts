/**
 * A TCP proxy a test can cut: the engine talks to the proxy's port, the proxy to the real
 * server. `cut()` drops every open connection and stops listening (new connections are
 * refused at once, as with a server that went away); `restore()` listens again on the
 * same port. `stall()` is a silent partition: connections stay open and new ones are
 * accepted, but no byte goes through until `resume()` (as when a network drops packets and
 * TCP keeps retrying).
 */
import net from "node:net";

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let stalled = false;
  // While stalled: connections accepted but not yet forwarded, and bytes held back in order.
  const pending: (() => void)[] = [];
  const held: [net.Socket, Buffer][] = [];
  const relay = (from: net.Socket, to: net.Socket) => {
    from.on("data", (chunk: Buffer) => {
      if (stalled) held.push([to, chunk]);
      else to.write(chunk);
    });
    from.on("end", () => to.end());
  };
  const server = net.createServer((client) => {
    accepted++;
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    const forward = () => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
      for (const socket of [client, upstream]) {
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      relay(client, upstream);
      relay(upstream, client);
    };
    if (stalled) pending.push(forward);
    else forward();
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  const port = await listen(0);
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut: stop,
    restore: async () => {
      if (!server.listening) await listen(port);
    },
    close: stop,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const [to, chunk] of held.splice(0)) to.write(chunk);
      for (const forward of pending.splice(0)) forward();
    },
  };
}
