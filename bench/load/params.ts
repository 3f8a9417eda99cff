/**
 * The benchmark's parameters: the full run (`pnpm bench:load`, under 10 minutes) and
 * `--quick` (under 2), each overridable by a flag of the same name.
 */
import { parseArgs } from "node:util";
import type { ConfigName } from "./configurations.js";

export interface LoadParams {
  readonly quick: boolean;
  readonly issues: number;
  readonly deskProjects: number;
  readonly agentsPerProject: number;
  readonly agentIntervalMs: number;
  readonly boardIntervalMs: number;
  readonly boardViewers: number;
  readonly warmupMs: number;
  readonly windowMs: number;
  /** The stream stops this long before the window ends, so its last changes can be seen. */
  readonly streamTailMs: number;
  readonly changesPerSecond: number;
  /** First real event replayed. */
  readonly streamFrom: string;
  readonly ttlMs: number;
  readonly graceMs: number;
  /** Postgres pool of every configuration (the sidecar's db.maxConnections default). */
  readonly poolSize: number;
  /** At most one correctness check per this interval. */
  readonly checkEveryMs: number;
  readonly stampedeCallers: number;
  readonly overheadSamples: number;
  readonly seed: string;
  readonly configs: readonly ConfigName[];
}

const FULL: Omit<LoadParams, "quick" | "configs"> = {
  issues: 100_000,
  deskProjects: 6,
  agentsPerProject: 33,
  agentIntervalMs: 5_000,
  boardIntervalMs: 15_000,
  boardViewers: 4,
  warmupMs: 20_000,
  windowMs: 60_000,
  streamTailMs: 12_000,
  changesPerSecond: 2,
  streamFrom: "2017-03-06T00:00:00Z",
  ttlMs: 10_000,
  graceMs: 60_000,
  poolSize: 10,
  checkEveryMs: 400,
  stampedeCallers: 100,
  overheadSamples: 300,
  seed: "subq-load",
};

/** Under 2 minutes with the template already seeded (seeding it adds ~15 s once). */
const QUICK: Partial<LoadParams> = {
  warmupMs: 4_000,
  windowMs: 11_000,
  streamTailMs: 4_000,
  stampedeCallers: 50,
  overheadSamples: 100,
};

export function parseParams(argv: readonly string[]): LoadParams {
  const numeric = Object.keys(FULL).filter((k) => typeof FULL[k as keyof typeof FULL] === "number");
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      configs: { type: "string" },
      "stream-from": { type: "string" },
      seed: { type: "string" },
      ...Object.fromEntries(numeric.map((k) => [kebab(k), { type: "string" as const }])),
    },
  });
  const base = { ...FULL, ...(values.quick ? QUICK : {}) } as Record<string, unknown>;
  for (const k of numeric) {
    const given = values[kebab(k) as keyof typeof values];
    if (typeof given === "string") base[k] = Number(given);
  }
  if (values["stream-from"]) base.streamFrom = values["stream-from"];
  if (values.seed) base.seed = values.seed;
  const configs = (values.configs?.split(",") ?? [
    "direct",
    "ttl-cache",
    "subq-search",
    "subq-version",
    "subq-push",
  ]) as ConfigName[];
  return Object.freeze({
    ...(base as Omit<LoadParams, "quick" | "configs">),
    quick: values.quick === true,
    configs,
  });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
