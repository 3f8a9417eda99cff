/** `subq report worker` as a child process (real process boundaries, SIGKILL-able); the benchmark's workers too. */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ChildWorker {
  readonly process: ChildProcess;
  /** Resolves when the worker printed "ready". */
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

const ROOT = new URL("../../..", import.meta.url).pathname;

export function spawnWorker(options: {
  readonly tenant: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  /** A module of plug-in tools to load (`--tools`). */
  readonly tools?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}): ChildWorker {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=subq-source",
      "packages/sidecar/src/cli/main.ts",
      "report",
      "--redis",
      options.redisUrl,
      "--prefix",
      options.prefix,
      ...(options.tools ? ["--tools", options.tools] : []),
      "worker",
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        SUBQ_TENANTS: JSON.stringify({ [options.tenant]: { databaseUrl: options.databaseUrl } }),
        ...options.env,
      },
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => line.startsWith("ready") && resolve());
    void exited.then((code) => reject(new Error(`report worker exited (${code}) before ready: ${stderr}`)));
  });
  return { process: child, ready, exited, stderr: () => stderr };
}
