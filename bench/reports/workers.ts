/**
 * Report worker processes for the benchmark: `subq report worker` children (real
 * processes, as deployed; spawned like the fault tests' workers), started together and
 * stopped with SIGTERM; their resident memory is read from /proc while they live.
 */
import { readFile } from "node:fs/promises";
import { type ChildWorker, spawnWorker } from "../../test/reports/support/child-worker.js";

export interface WorkerFleet {
  /** Resident set of each worker now (VmRSS), MiB. */
  rssMiB(): Promise<number[]>;
  /** Peak resident set of each worker so far (VmHWM), MiB. */
  peakRssMiB(): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startFleet(options: {
  readonly count: number;
  readonly tenant: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly concurrency: number;
  readonly batchSize: number;
}): Promise<WorkerFleet> {
  const args = ["--concurrency", String(options.concurrency), "--batch-size", String(options.batchSize)];
  const children = Array.from({ length: options.count }, () => spawnWorker({ ...options, args }));
  await Promise.all(children.map((child) => child.ready));
  return {
    rssMiB: () => memory(children, "VmRSS"),
    peakRssMiB: () => memory(children, "VmHWM"),
    async stop() {
      for (const child of children) child.process.kill("SIGTERM");
      await Promise.all(children.map((child) => child.exited));
    },
  };
}

function memory(children: readonly ChildWorker[], field: "VmRSS" | "VmHWM"): Promise<number[]> {
  return Promise.all(
    children.map(async (child) => {
      const status = await readFile(`/proc/${child.process.pid}/status`, "utf8");
      const kib = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
      return Math.round(kib / 1024);
    }),
  );
}
