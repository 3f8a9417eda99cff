/**
 * Starts a throwaway Redis Cluster of N masters on spare ports (redis-server and redis-cli
 * from PATH), waits for cluster_state:ok, and shuts it down again. Each node gets its own
 * temporary directory (nodes.conf, log), no persistence.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RedisClusterHandle {
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Masters (no replicas). Default 3, the minimum redis-cli accepts. */
  readonly masters?: number;
  /** How long to wait for cluster_state:ok. Default 30 s. */
  readonly timeoutMs?: number;
}

const HOST = "127.0.0.1";

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = options.masters ?? 3;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  await requireBinaries();
  const started: { port: number; dir: string }[] = [];
  const stop = async () => {
    await Promise.all(
      started.map(async ({ port, dir }) => {
        await run("redis-cli", ["-h", HOST, "-p", String(port), "shutdown", "nosave"]).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }),
    );
  };
  try {
    for (let i = 0; i < masters; i++) {
      const port = await sparePort(started.map((node) => node.port));
      const dir = await mkdtemp(join(tmpdir(), `subq-cluster-${port}-`));
      // biome-ignore format: one flag per line pair reads best
      await run("redis-server", [
        "--cluster-enabled", "yes", "--port", String(port), "--bind", HOST,
        "--save", "", "--appendonly", "no", "--daemonize", "yes",
        "--dir", dir, "--cluster-config-file", join(dir, "nodes.conf"),
        "--logfile", join(dir, "redis.log"), "--pidfile", join(dir, "redis.pid"),
      ]);
      started.push({ port, dir });
    }
    for (const { port } of started)
      await waitFor(
        () => cli(port, "ping"),
        (out) => out === "PONG",
        deadline,
        port,
      );
    await run("redis-cli", [
      "--cluster",
      "create",
      ...started.map(({ port }) => `${HOST}:${port}`),
      "--cluster-replicas",
      "0",
      "--cluster-yes",
    ]);
    for (const { port } of started) {
      await waitFor(
        () => cli(port, "cluster", "info"),
        (out) => out.includes("cluster_state:ok"),
        deadline,
        port,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: started.map(({ port }) => ({ host: HOST, port })), stop };
}

async function requireBinaries(): Promise<void> {
  for (const binary of ["redis-server", "redis-cli"]) {
    try {
      await run(binary, ["--version"]);
    } catch (cause) {
      throw new Error(`${binary} is not on PATH; install Redis >= 6.2 to run the cluster tests`, { cause });
    }
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", HOST, "-p", String(port), ...args]);
  return stdout.trim();
}

async function waitFor(
  probe: () => Promise<string>,
  ok: (output: string) => boolean,
  deadline: number,
  port: number,
): Promise<void> {
  let last = "";
  while (Date.now() < deadline) {
    last = await probe().catch((error: Error) => error.message);
    if (ok(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Redis cluster node on port ${port} not ready in time; last answer: ${last}`);
}

/** A port in 20000-49999 that is free, and whose cluster bus port (+10000) is free too. */
async function sparePort(taken: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.includes(port) || taken.includes(port + 10_000)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
  throw new Error("no spare port pair (port, port + 10000) found for a Redis cluster node");
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}
