/**
 * The processes under test, each started as the operator would — the subq CLI (`subq
 * start --role api|worker`, `subq report worker`) run from sources with tsx — so that
 * SIGTERM and SIGKILL reach the real process. Output goes to one log file per process
 * (the run's log directory), kept as evidence.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = "packages/sidecar/src/cli/main.ts";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ProcessSpec {
  readonly name: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Ready when GET http://127.0.0.1:<port>/healthz answers 200, else when stdout shows `readyLine`. */
  readonly port?: number;
  readonly readyLine?: string;
}

/** The environment a child gets: this process's, without any SUBQ_* setting, plus the spec's. */
function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SUBQ_")));
  return { ...base, ...env };
}

export class SubqProcess {
  private child: ChildProcess | null = null;
  private starts = 0;

  constructor(
    readonly spec: ProcessSpec,
    private readonly logDir: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process and resolves once it is ready (bounded wait). */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.child) return;
    this.starts++;
    const log = createWriteStream(join(this.logDir, `${this.spec.name}.${this.starts}.log`));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=subq-source", CLI, ...this.spec.args],
      {
        cwd: ROOT,
        env: childEnv(this.spec.env),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.child = child;
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      log.write(chunk);
      if (seen.length < 10_000) seen += chunk.toString();
    });
    child.stderr!.pipe(log);
    child.once("exit", () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child !== child) throw new Error(`${this.spec.name} exited while starting (see ${log.path})`);
      if (
        this.spec.readyLine !== undefined
          ? seen.includes(this.spec.readyLine)
          : await healthy(this.spec.port!)
      )
        return;
      await sleep(200);
    }
    throw new Error(`${this.spec.name} not ready after ${timeoutMs} ms (see ${log.path})`);
  }

  /** Sends `signal` and resolves when the process has exited (SIGKILL after `graceMs`). */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort (process exit handlers). */
  killNow(): void {
    this.child?.kill("SIGKILL");
  }
}

export async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export interface FleetConfig {
  readonly tenant: string;
  readonly token: string;
  readonly redisUrl: string;
  /** The tenant's database as the sidecars reach it (through the relay). */
  readonly databaseUrl: string;
  readonly apiPorts: readonly number[];
  readonly workerPorts: readonly number[];
  readonly logDir: string;
}

export interface Fleet {
  readonly apis: readonly SubqProcess[];
  readonly workers: readonly SubqProcess[];
  readonly reportWorkers: SubqProcess[];
  /** A report worker (`subq report worker`), not started. */
  reportWorker(name: string, args: readonly string[]): SubqProcess;
  all(): SubqProcess[];
}

export function fleet(config: FleetConfig): Fleet {
  const env = {
    SUBQ_REDIS_URL: config.redisUrl,
    SUBQ_TENANTS: JSON.stringify({ [config.tenant]: { databaseUrl: config.databaseUrl } }),
    SUBQ_TOKENS: `bench:${config.token}`,
    SUBQ_LOG_LEVEL: "warn",
  };
  const sidecar = (role: string, port: number, i: number) =>
    new SubqProcess(
      {
        name: `${role}-${i}`,
        args: ["start", "--role", role],
        env: { ...env, SUBQ_PORT: String(port) },
        port,
      },
      config.logDir,
    );
  const reportWorkers: SubqProcess[] = [];
  const result: Fleet = {
    apis: config.apiPorts.map((port, i) => sidecar("api", port, i)),
    workers: config.workerPorts.map((port, i) => sidecar("worker", port, i)),
    reportWorkers,
    reportWorker: (name, args) => {
      const worker = new SubqProcess(
        { name, args: ["report", "worker", ...args], env, readyLine: "ready: report worker" },
        config.logDir,
      );
      reportWorkers.push(worker);
      return worker;
    },
    all: () => [...result.apis, ...result.workers, ...reportWorkers],
  };
  return result;
}
