/**
 * Child processes of the benchmark (the sidecar, the database proxy), run as real
 * processes so their CPU and event loop are their own; commands and answers travel over
 * the IPC channel. `serveCommands` is the child's side.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Reply {
  readonly id?: number;
  readonly ready?: unknown;
  readonly result?: unknown;
  readonly error?: string;
}

export interface BenchChild<Ready> {
  readonly process: ChildProcess;
  readonly ready: Promise<Ready>;
  request<T>(command: string, argument?: unknown): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild<Ready>(module: string, env: Record<string, string> = {}): BenchChild<Ready> {
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ["--import", "tsx", "--conditions=subq-source"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<Ready>((resolve, reject) => {
    child.on("message", (message: Reply) => {
      if (message.ready !== undefined) resolve(message.ready as Ready);
      const entry = message.id === undefined ? undefined : waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id!);
      if (message.error !== undefined) entry.reject(new Error(message.error));
      else entry.resolve(message.result);
    });
    child.once("exit", (code) => {
      const error = new Error(`${module} exited (code ${code})`);
      reject(error);
      for (const entry of waiting.values()) entry.reject(error);
    });
  });
  return {
    process: child,
    ready,
    request: <T>(command: string, argument?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command, argument });
      }),
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's side: announce readiness, then answer commands until the parent goes. */
export function serveCommands(
  ready: unknown,
  handlers: Readonly<Record<string, (argument: unknown) => unknown>>,
): void {
  process.on("message", async (message: { id: number; command: string; argument?: unknown }) => {
    try {
      const handler = handlers[message.command];
      if (!handler) throw new Error(`unknown command ${message.command}`);
      process.send?.({ id: message.id, result: await handler(message.argument) });
    } catch (error) {
      process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on("disconnect", () => process.exit(0));
  process.send?.({ ready });
}
