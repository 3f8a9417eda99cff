/**
 * What a benchmark result was measured on: machine, runtime and service versions, so
 * every file in bench/results/ says where its numbers come from.
 */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";

export interface BenchEnvironment {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly versions: Readonly<Record<string, string>>;
}

function commandVersion(command: string, args: string[]): string {
  try {
    return (
      execFileSync(command, args, { encoding: "utf8", timeout: 5000 }).trim().split("\n")[0] ?? "unknown"
    );
  } catch {
    return "not found";
  }
}

/** Describes this machine; `packages` lists npm packages whose versions matter to the result. */
export function benchEnvironment(packages: Readonly<Record<string, string>> = {}): BenchEnvironment {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    versions: {
      redis: commandVersion("redis-server", ["--version"]),
      postgres: commandVersion("psql", ["--version"]),
      ...packages,
    },
  };
}

/** Median of a list of numbers (the list is not modified). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
