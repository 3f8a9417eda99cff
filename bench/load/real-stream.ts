/**
 * The change stream: the real Appcelerator write arrivals (shared/data, events_derived)
 * from a fixed moment on, in their order and with their gaps (time-compressed to the
 * configured mean rate, so bursts stay bursts), turned into changes of the seeded
 * tenant's desks. The dump has no changelog, so an `issue_last_updated` becomes a field
 * change drawn from the Bugzilla field-change mix in data/README.md; creations, comments
 * and resolutions are what they say. Planned once, deterministically: every configuration
 * replays the identical stream. Without shared/data (it is optional) the arrivals are
 * synthetic (Poisson, the same event mix), and the results say so.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readJiraEvents } from "../../packages/sidecar/src/db/index.js";
import { defaultDatasetDir } from "../../packages/sidecar/src/db/load/jira-load.js";
import { Prng } from "../../packages/sidecar/src/db/seed/prng.js";
import type { TenantFacts } from "./tenant-facts.js";

/** A change's target: an existing issue id, or the k-th issue the stream creates. */
export type Target = { readonly id: number } | { readonly created: number };

export type Change =
  | {
      readonly kind: "create";
      readonly project: number;
      readonly assignee: string | null;
      readonly severe: boolean;
    }
  | { readonly kind: "resolve"; readonly target: Target; readonly resolution: number }
  | { readonly kind: "comment"; readonly target: Target; readonly author: string }
  | { readonly kind: "transition"; readonly target: Target }
  | { readonly kind: "reassign"; readonly target: Target; readonly assignee: string }
  | { readonly kind: "watch"; readonly target: Target; readonly user: string }
  | { readonly kind: "label"; readonly target: Target; readonly label: string }
  | { readonly kind: "summary"; readonly target: Target };

export interface PlannedChange {
  /** ms after the stream starts. */
  readonly atMs: number;
  readonly change: Change;
  /** The real event it replays: `<issue key> <event> <ts>`. */
  readonly source: string;
}

export interface StreamOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** The first real event replayed (ISO-8601). */
  readonly from: string;
  readonly seed: string;
}

/** Field changes behind an `issue_last_updated`, by weight (data/README.md, Bugzilla history). */
const UPDATE_MIX: readonly [Change["kind"], number][] = [
  ["watch", 19],
  ["transition", 30],
  ["label", 25],
  ["reassign", 10],
  ["summary", 3],
];
const RESOLUTIONS = [1, 1, 1, 2, 3, 5, 6];
const LABELS = ["customer", "regression", "needs-info", "escalated", "triaged", "sla-risk"];

interface Arrival {
  readonly issue: string;
  readonly key: string;
  readonly ts: number;
  readonly event: string;
}

const EVENTS_FILE = "events_derived.jsonl.gz";

/** Where the real write arrivals come from, or null when shared/data does not hold them. */
export function realEventsFile(): string | null {
  const file = join(defaultDatasetDir(), EVENTS_FILE);
  return existsSync(file) ? file : null;
}

async function realEvents(): Promise<Arrival[]> {
  const events: Arrival[] = [];
  for await (const e of readJiraEvents(defaultDatasetDir()))
    events.push({ issue: e.issue_id, key: e.issue_key, ts: Date.parse(e.ts), event: e.event });
  return events.sort((a, b) => a.ts - b.ts || a.issue.localeCompare(b.issue));
}

/** Event kinds of the synthetic stream, by weight (roughly the real file's mix). */
const SYNTHETIC_MIX: readonly [string, number][] = [
  ["issue_created", 15],
  ["comment_added", 35],
  ["issue_resolved", 10],
  ["issue_last_updated", 40],
];

/**
 * Without shared/data: Poisson arrivals (1 s mean gap, rescaled later) over a pool of
 * issues a tenth the size of the stream, so issues are written several times as in the
 * real file.
 */
function syntheticEvents(count: number, seed: string, from: string): Arrival[] {
  const rng = new Prng(`${seed}:synthetic-arrivals`);
  const pool = Math.max(1, Math.round(count / 10));
  const events: Arrival[] = [];
  let ts = Date.parse(from);
  for (let k = 0; k < count; k++) {
    ts += Math.round(-Math.log(1 - rng.int(1_000_000) / 1_000_000) * 1000);
    const n = rng.int(pool);
    const event =
      SYNTHETIC_MIX[
        weightedIndex(
          rng,
          SYNTHETIC_MIX.map(([, w]) => w),
        )
      ]![0];
    events.push({ issue: `s${event === "issue_created" ? `new${k}` : n}`, key: `SYN-${n}`, ts, event });
  }
  return events;
}

export async function planStream(facts: TenantFacts, options: StreamOptions): Promise<PlannedChange[]> {
  const count = Math.max(1, Math.round((options.ratePerSecond * options.durationMs) / 1000));
  const all = realEventsFile() ? await realEvents() : syntheticEvents(count * 2, options.seed, options.from);
  const start = all.findIndex((e) => e.ts >= Date.parse(options.from));
  if (start < 0) throw new Error(`no real event after ${options.from}`);
  const window = all.slice(start, start + count);
  const span = Math.max(1, window.at(-1)!.ts - window[0]!.ts);
  const scale = (options.durationMs * 0.98) / span;
  const rng = new Prng(options.seed);
  const desks = facts.projects;
  // Desks receive work in proportion to their open issues.
  const weights = desks.map((d) => d.open.length);
  const pickDesk = () => weightedIndex(rng, weights);
  const open = desks.map((d) => [...d.open]);
  const targets = new Map<string, { target: Target; desk: number }>();
  let created = 0;

  const targetOf = (real: string): { target: Target; desk: number } | undefined => {
    let mapped = targets.get(real);
    if (!mapped) {
      const desk = pickDesk();
      const pool = open[desk]!;
      if (pool.length === 0) return undefined;
      mapped = { target: { id: pool[rng.int(pool.length)]! }, desk };
      targets.set(real, mapped);
    }
    return mapped;
  };
  const agentOf = (desk: number) => desks[desk]!.agents[rng.int(desks[desk]!.agents.length)]!;
  const drop = (mapped: { target: Target; desk: number }) => {
    if ("id" in mapped.target) {
      const pool = open[mapped.desk]!;
      const at = pool.indexOf(mapped.target.id);
      if (at >= 0) pool.splice(at, 1);
    }
  };

  const planned: PlannedChange[] = [];
  for (const e of window) {
    const atMs = Math.round((e.ts - window[0]!.ts) * scale);
    const source = `${e.key} ${e.event} ${new Date(e.ts).toISOString()}`;
    if (e.event === "issue_created") {
      const desk = pickDesk();
      targets.set(e.issue, { target: { created: created++ }, desk });
      const assignee = rng.chance(0.7) ? agentOf(desk) : null;
      planned.push({
        atMs,
        source,
        change: { kind: "create", project: desks[desk]!.id, assignee, severe: rng.chance(0.5) },
      });
      continue;
    }
    const mapped = targetOf(e.issue);
    if (!mapped) continue;
    const target = mapped.target;
    let change: Change;
    if (e.event === "issue_resolved") {
      change = { kind: "resolve", target, resolution: RESOLUTIONS[rng.int(RESOLUTIONS.length)]! };
      drop(mapped);
      targets.delete(e.issue);
    } else if (e.event === "comment_added" || e.event === "comment_edited") {
      change = { kind: "comment", target, author: agentOf(mapped.desk) };
    } else {
      change = updateOf(rng, target, agentOf(mapped.desk));
    }
    planned.push({ atMs, source, change });
  }
  return planned;
}

function updateOf(rng: Prng, target: Target, agent: string): Change {
  const kind =
    UPDATE_MIX[
      weightedIndex(
        rng,
        UPDATE_MIX.map(([, w]) => w),
      )
    ]![0];
  switch (kind) {
    case "watch":
      return { kind, target, user: agent };
    case "label":
      return { kind, target, label: LABELS[rng.int(LABELS.length)]! };
    case "reassign":
      return { kind, target, assignee: agent };
    default:
      return { kind: kind as "transition" | "summary", target };
  }
}

/** An index drawn with probability proportional to its weight. */
function weightedIndex(rng: Prng, weights: readonly number[]): number {
  let r = rng.int(weights.reduce((a, b) => a + b, 0));
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}
