/**
 * The run's own services, so that faults never touch the shared ones: a redis-server
 * child on a spare port (no persistence; SIGKILL, SIGSTOP/SIGCONT, restarted empty on the
 * same port) and a throwaway Postgres 15 cluster (pg_createcluster; stopped under the
 * pool with `stop -m fast`; dropped at the end, also after a failure).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import net from "node:net";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PrivateRedis {
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    this.child = child;
    child.once("exit", () => {
      if (this.child === child) this.child = null;
    });
    await waitForPort(this.port, 10_000);
  }

  /** SIGKILL: an abrupt outage; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGCONT");
    child.kill("SIGKILL");
    await exited;
  }

  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
  }
}

/** Resolves once something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A Postgres 15 cluster of this run, trust auth, listening on localhost only (the default). */
export class PrivateCluster {
  constructor(
    readonly name: string,
    readonly port: number,
  ) {}

  url(database: string, user = "postgres"): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  /** Drops a leftover cluster of the same name, creates, configures and starts it. */
  async create(): Promise<void> {
    this.drop();
    execFileSync(
      "pg_createcluster",
      [
        "15",
        this.name,
        "-p",
        String(this.port),
        "-o",
        "max_connections=200",
        "-o",
        "shared_preload_libraries=pg_stat_statements",
        "-o",
        "pg_stat_statements.max=10000",
        // A throwaway cluster: durability is not what the benchmark measures.
        "-o",
        "fsync=off",
        "-o",
        "synchronous_commit=off",
        "--",
        "--auth=trust",
      ],
      { stdio: "pipe", timeout: 120_000 },
    );
    writeFileSync(
      `/etc/postgresql/15/${this.name}/pg_hba.conf`,
      "local all all trust\nhost all all 127.0.0.1/32 trust\n",
    );
    this.start();
    await waitForPort(this.port, 30_000);
  }

  start(): void {
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", "15", this.name, "start"], {
      stdio: "pipe",
      timeout: 60_000,
    });
  }

  /** `stop -m fast`: open connections are terminated, new ones refused. */
  stop(): void {
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", "15", this.name, "stop", "-m", "fast"], {
      stdio: "ignore",
      timeout: 60_000,
    });
  }

  /** Stops and removes the cluster if it exists; never throws (cleanup path). */
  drop(): void {
    try {
      execFileSync("pg_dropcluster", ["--stop", "15", this.name], { stdio: "ignore", timeout: 60_000 });
    } catch {
      // not there
    }
  }
}
