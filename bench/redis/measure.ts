/**
 * Measuring helpers: throughput with benchmark.js (sequential, one request in flight) and
 * interleaved latency samples (rounds of baseline then candidate, so drift in machine load
 * hits both alike; ratios are of medians).
 */
import Benchmark from "benchmark";
import { median, percentile } from "../support/environment.js";

export type Op = () => Promise<unknown>;

export async function timed(op: Op): Promise<number> {
  const start = process.hrtime.bigint();
  await op();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function throughput(name: string, op: Op): Promise<{ opsPerSec: number; rmePercent: number }> {
  return new Promise((resolve, reject) => {
    const bench = new Benchmark(name, {
      defer: true,
      minSamples: 20,
      maxTime: 2,
      fn: (deferred: { resolve(): void }) => {
        op().then(() => deferred.resolve(), reject);
      },
    });
    bench.on("complete", () =>
      resolve({ opsPerSec: Math.round(bench.hz), rmePercent: Math.round(bench.stats.rme * 10) / 10 }),
    );
    bench.on("error", () => reject(bench.error));
    bench.run({ async: true });
  });
}

/** Latency samples (ms) of a baseline and a candidate, in alternating rounds of `batch` calls. */
export async function interleaved(
  baseline: Op,
  candidate: Op,
  rounds: number,
  batch: number,
): Promise<[number[], number[]]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < batch; i++) a.push(await timed(baseline));
    for (let i = 0; i < batch; i++) b.push(await timed(candidate));
  }
  return [a, b];
}

export function ratio(samples: readonly number[], baseline: readonly number[]): number {
  return Math.round((median(samples) / median(baseline)) * 100) / 100;
}

export function latency(samples: readonly number[]) {
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    p50Ms: round(median(samples)),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
    samples: samples.length,
  };
}
