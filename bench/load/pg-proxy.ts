/**
 * A timing proxy in front of Postgres: every configuration's database traffic goes
 * through it, so database time is measured the same way for all of them, at the client
 * side of the database and without pool waits. A connection is busy from the first
 * message of a request (Query, or Parse/Bind/…/Sync) until the server's ReadyForQuery;
 * busy time summed over connections is the database time, connections busy at once the
 * concurrency. Statements are counted by their SQL text (Bind of a prepared statement
 * counts the text it was parsed from).
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { cString, isControl, MessageSplitter, type WireMessage } from "./pg-wire.js";

export interface TextStats {
  count: number;
  ms: number;
}

export interface ProxyStats {
  readonly windowMs: number;
  readonly busyMs: number;
  /** Statements other than transaction control and SET. */
  readonly queries: number;
  readonly controlStatements: number;
  readonly maxConcurrency: number;
  /** Time-weighted mean of busy connections. */
  readonly meanConcurrency: number;
  readonly connections: number;
  /** Per second of the window: busy ms and queries. */
  readonly perSecond: readonly { busyMs: number; queries: number }[];
  readonly byText: Readonly<Record<string, TextStats>>;
}

const CLIENT_TYPES = new Set(["Q", "P", "B"]);
const SERVER_TYPES = new Set<string>();

class Meter {
  start = performance.now();
  busyMs = 0;
  queries = 0;
  control = 0;
  active = 0;
  maxActive = 0;
  activeIntegral = 0;
  lastChange = performance.now();
  connections = 0;
  perSecond: { busyMs: number; queries: number }[] = [];
  byText = new Map<string, TextStats>();

  changeActive(delta: number, now: number): void {
    this.activeIntegral += this.active * (now - this.lastChange);
    this.lastChange = now;
    this.active += delta;
    this.maxActive = Math.max(this.maxActive, this.active);
  }

  cycle(startedAt: number, endedAt: number, texts: readonly string[]): void {
    const ms = endedAt - startedAt;
    this.busyMs += ms;
    const second = Math.max(0, Math.floor((endedAt - this.start) / 1000));
    while (this.perSecond.length <= second) this.perSecond.push({ busyMs: 0, queries: 0 });
    const bucket = this.perSecond[second]!;
    bucket.busyMs += ms;
    const queries = texts.filter((t) => !isControl(t));
    this.queries += queries.length;
    this.control += texts.length - queries.length;
    bucket.queries += queries.length;
    const share = texts.length > 0 ? ms / texts.length : 0;
    for (const text of texts) {
      const key = isControl(text) ? "(control)" : text;
      const entry = this.byText.get(key) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += share;
      this.byText.set(key, entry);
    }
  }

  snapshot(): ProxyStats {
    const now = performance.now();
    const windowMs = now - this.start;
    const integral = this.activeIntegral + this.active * (now - this.lastChange);
    return {
      windowMs,
      busyMs: this.busyMs,
      queries: this.queries,
      controlStatements: this.control,
      maxConcurrency: this.maxActive,
      meanConcurrency: windowMs > 0 ? integral / windowMs : 0,
      connections: this.connections,
      perSecond: this.perSecond,
      byText: Object.fromEntries(this.byText),
    };
  }
}

/** One client connection: its statements by name, requests outstanding, the texts of the running cycle. */
class Session {
  private readonly statements = new Map<string, string>();
  private pending = 0;
  private startedAt = 0;
  private texts: string[] = [];

  constructor(private readonly meter: () => Meter) {}

  fromClient(message: WireMessage): void {
    const { type, payload } = message;
    if (type === "P" && payload) {
      const [name, next] = cString(payload, 0);
      this.statements.set(name, cString(payload, next)[0]);
    } else if (type === "B" && payload) {
      const [, next] = cString(payload, 0);
      const [statement] = cString(payload, next);
      this.texts.push(this.statements.get(statement) ?? "(unknown statement)");
    } else if (type === "Q" && payload) {
      this.texts.push(cString(payload, 0)[0]);
    }
    if (type === "Q" || type === "S") this.begin();
  }

  fromServer(message: WireMessage): void {
    if (message.type !== "Z" || this.pending === 0) return;
    this.pending -= 1;
    if (this.pending > 0) return;
    const now = performance.now();
    const meter = this.meter();
    meter.cycle(Math.max(this.startedAt, meter.start), now, this.texts);
    meter.changeActive(-1, now);
    this.texts = [];
  }

  close(): void {
    if (this.pending > 0) this.meter().changeActive(-1, performance.now());
    this.pending = 0;
  }

  private begin(): void {
    if (this.pending++ > 0) return;
    this.startedAt = performance.now();
    this.meter().changeActive(1, this.startedAt);
  }
}

export interface PgProxy {
  readonly port: number;
  stats(): ProxyStats;
  /** Starts a new measurement window (connections stay open). */
  reset(): void;
  close(): Promise<void>;
}

export async function startPgProxy(upstream: { host: string; port: number }): Promise<PgProxy> {
  let meter = new Meter();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const db = tcpConnect(upstream.port, upstream.host);
    sockets.add(client).add(db);
    meter.connections += 1;
    const session = new Session(() => meter);
    const fromClient = new MessageSplitter(CLIENT_TYPES, true);
    const fromServer = new MessageSplitter(SERVER_TYPES, false);
    client.setNoDelay(true);
    db.setNoDelay(true);
    client.on("data", (chunk) => {
      fromClient.push(chunk, (m) => session.fromClient(m));
      db.write(chunk);
    });
    db.on("data", (chunk) => {
      fromServer.push(chunk, (m) => session.fromServer(m));
      client.write(chunk);
    });
    const end = () => {
      session.close();
      client.destroy();
      db.destroy();
      sockets.delete(client);
      sockets.delete(db);
    };
    client.on("close", end).on("error", end);
    db.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    stats: () => meter.snapshot(),
    reset: () => {
      const active = meter.active;
      meter = new Meter();
      // Requests in flight at the reset are counted from the reset on.
      meter.active = active;
      meter.maxActive = active;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
