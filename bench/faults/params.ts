/**
 * Parameters of the fault benchmark, from the command line (`--name value`), with
 * `--quick` for shorter phases and a smaller tenant while developing.
 */
import { parseArgs } from "node:util";

export interface FaultParams {
  readonly quick: boolean;
  readonly issues: number;
  /** Desk projects × agents per project = simulated users. */
  readonly deskProjects: number;
  readonly agentsPerProject: number;
  readonly pollIntervalMs: number;
  readonly watchers: number;
  readonly eventsPerSecond: number;
  readonly steadyMs: number;
  readonly recoveryMs: number;
  readonly redisOutageMs: number;
  readonly redisPauseMs: number;
  readonly flapCycles: number;
  readonly flapMs: number;
  readonly pgOutageMs: number;
  /** Worker kill: how long the killed worker stays down. */
  readonly processDownMs: number;
  readonly refreshBurstPerSecond: number;
  readonly reportBatchSize: number;
  readonly reportWaitMs: number;
  readonly publishGiveUpMs: number;
  readonly verifySample: number;
  /** A search that takes longer than this counts as abnormal for recovery. */
  readonly normalLatencyMs: number;
  /** Faults to run (keys of scenarios.ts), all by default. */
  readonly only: readonly string[] | null;
  readonly keep: boolean;
}

const FULL = {
  issues: 20_000,
  steadyMs: 20_000,
  recoveryMs: 30_000,
  redisOutageMs: 20_000,
  redisPauseMs: 10_000,
  flapCycles: 3,
  flapMs: 3_000,
  pgOutageMs: 20_000,
  processDownMs: 5_000,
};
const QUICK: typeof FULL = {
  issues: 5_000,
  steadyMs: 8_000,
  recoveryMs: 12_000,
  redisOutageMs: 8_000,
  redisPauseMs: 5_000,
  flapCycles: 2,
  flapMs: 2_000,
  pgOutageMs: 8_000,
  processDownMs: 3_000,
};

export function parseParams(argv: readonly string[]): FaultParams {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      only: { type: "string" },
      issues: { type: "string" },
      "desk-projects": { type: "string" },
      "agents-per-project": { type: "string" },
      "poll-interval-ms": { type: "string" },
      watchers: { type: "string" },
      "events-per-second": { type: "string" },
      "steady-ms": { type: "string" },
      "recovery-ms": { type: "string" },
      "verify-sample": { type: "string" },
    },
  });
  const base = values.quick ? QUICK : FULL;
  const num = (value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${value}`);
    return n;
  };
  return {
    quick: values.quick === true,
    keep: values.keep === true,
    ...base,
    issues: num(values.issues, base.issues),
    deskProjects: num(values["desk-projects"], 3),
    agentsPerProject: num(values["agents-per-project"], 7),
    pollIntervalMs: num(values["poll-interval-ms"], 3000),
    watchers: num(values.watchers, 4),
    eventsPerSecond: num(values["events-per-second"], 1),
    steadyMs: num(values["steady-ms"], base.steadyMs),
    recoveryMs: num(values["recovery-ms"], base.recoveryMs),
    refreshBurstPerSecond: 5,
    reportBatchSize: values.quick ? 100 : 250,
    reportWaitMs: 240_000,
    publishGiveUpMs: 60_000,
    verifySample: num(values["verify-sample"], 30),
    normalLatencyMs: 1000,
    only: values.only ? values.only.split(",") : null,
  };
}
