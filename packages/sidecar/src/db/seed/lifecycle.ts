/**
 * Simulates one issue's life through the workflow and records every field change, so the
 * history is consistent with the issue by construction: the first change of a field
 * starts from the initial value, each change starts where the previous one ended, and
 * the final state *is* the issue's current state. fixVersion changes add or remove one
 * version each.
 */
import type { ChangeItem, UserId } from "@subq/jql";
import {
  NON_FIX_RESOLUTIONS,
  NON_FIX_WEIGHTS,
  RESOLUTION,
  STANDARD_TYPE_WEIGHTS,
  STATUS,
  STATUSES,
} from "./config.js";
import { type Prng, Weighted } from "./prng.js";
import type { VersionPlan } from "./projects.js";

export type Outcome = "done" | "indeterminate" | "new";

export interface IssueState {
  statusId: number;
  resolutionId: number | null;
  assignee: UserId | null;
  priorityId: number | null;
  issueTypeId: number;
  reporter: UserId | null;
  fixVersionIds: number[];
}

export interface LifecycleInput {
  readonly issueId: number;
  readonly createdMs: number;
  readonly nowMs: number;
  readonly outcome: Outcome;
  readonly subtask: boolean;
  readonly initial: IssueState;
  readonly team: readonly UserId[];
  readonly versions: readonly VersionPlan[];
  readonly pickUser: () => UserId;
  readonly pickPriority: () => number;
}

export interface Lifecycle {
  readonly state: IssueState;
  readonly changes: ChangeItem[];
  readonly resolvedMs: number | null;
  readonly categoryChangedMs: number;
  readonly lastChangeMs: number;
}

const DAY = 86_400_000;
const CATEGORY = new Map(STATUSES.map((s) => [s.id, s.category]));
/** Types an issue may be moved between (not sub-task types, not Epic). */
const STANDARD_TYPES = [...STANDARD_TYPE_WEIGHTS.keys()].filter((id) => id !== 6);
const NON_FIX = new Weighted(NON_FIX_WEIGHTS);

type Step = (at: number) => void;

export function simulateLifecycle(rng: Prng, input: LifecycleInput): Lifecycle {
  const state: IssueState = { ...input.initial, fixVersionIds: [...input.initial.fixVersionIds] };
  const changes: ChangeItem[] = [];
  let resolvedMs: number | null = null;
  let categoryChangedMs = input.createdMs;
  const author = () => (state.assignee !== null && rng.chance(0.7) ? state.assignee : rng.pick(input.team));

  const set = (field: string, from: string | null, to: string | null, at: number) => {
    if (from !== to) changes.push({ issueId: input.issueId, field, from, to, author: author(), at });
  };
  const status = (to: number, resolution: number | null) => (at: number) => {
    if (CATEGORY.get(state.statusId) !== CATEGORY.get(to)) categoryChangedMs = at;
    set("status", String(state.statusId), String(to), at);
    set("resolution", str(state.resolutionId), str(resolution), at);
    if (resolution !== null && state.resolutionId === null) resolvedMs = at;
    if (resolution === null) resolvedMs = null;
    state.statusId = to;
    state.resolutionId = resolution;
  };
  const assign = (to: UserId | null) => (at: number) => {
    set("assignee", state.assignee, to, at);
    state.assignee = to;
  };
  const addVersion = (at: number) => {
    const next = input.versions.find(
      (v) => (v.releaseMs === null || v.releaseMs >= at) && !state.fixVersionIds.includes(v.id),
    );
    if (!next) return;
    set("fixVersion", null, String(next.id), at);
    state.fixVersionIds.push(next.id);
  };
  /** Moves the issue from its first fix version to the following one (two change items). */
  const moveVersion = (at: number) => {
    const removed = state.fixVersionIds.shift();
    if (removed === undefined) return;
    set("fixVersion", String(removed), null, at);
    const index = input.versions.findIndex((v) => v.id === removed);
    const next = input.versions[index + 1];
    if (next && !state.fixVersionIds.includes(next.id)) {
      set("fixVersion", null, String(next.id), at);
      state.fixVersionIds.push(next.id);
    }
  };

  const work: Step[] = [];
  const resolve: Step[] = [];
  const after: Step[] = [];
  if (state.assignee === null && (input.outcome !== "new" || rng.chance(0.3)))
    work.push(assign(rng.pick(input.team)));
  if (rng.chance(0.08)) work.push((at) => change("priority", "priorityId", input.pickPriority(), at));
  if (!input.subtask && rng.chance(0.02))
    work.push((at) => change("issuetype", "issueTypeId", rng.pick(STANDARD_TYPES), at));
  if (rng.chance(0.01)) work.push((at) => change("reporter", "reporter", input.pickUser(), at));
  if (rng.chance(0.15)) work.push(addVersion);
  if (input.outcome !== "new" && rng.chance(0.75)) {
    work.push(status(STATUS.inProgress, null));
    if (rng.chance(0.35)) work.push(status(STATUS.inReview, null));
  }
  if (rng.chance(0.12)) work.push(assign(rng.pick(input.team)));
  if (state.fixVersionIds.length > 0 && rng.chance(0.3)) work.push(moveVersion);
  if (input.outcome === "done") {
    const fixed = rng.chance(0.6);
    const resolution = fixed ? RESOLUTION.fixed : NON_FIX_RESOLUTIONS[NON_FIX.sample(rng)]!;
    if (rng.chance(0.08))
      work.push(
        status(STATUS.resolved, resolution),
        status(STATUS.reopened, null),
        status(STATUS.inProgress, null),
      );
    const direct = !fixed && rng.chance(0.5);
    resolve.push(status(direct ? STATUS.closed : STATUS.resolved, resolution));
    if (fixed && state.fixVersionIds.length === 0 && rng.chance(0.7)) resolve.push(addVersion);
    if (!direct && rng.chance(0.6)) after.push(status(STATUS.closed, resolution));
  } else if (input.outcome === "new" && rng.chance(0.08)) {
    work.push(status(STATUS.resolved, RESOLUTION.cannotReproduce), status(STATUS.reopened, null));
  }

  const endMs = lifeEnd(rng, input);
  const times = increasingTimes(rng, work.length, input.createdMs, endMs);
  work.forEach((step, i) => {
    step(times[i]!);
  });
  const resolveAt = Math.max(endMs, (times.at(-1) ?? input.createdMs) + 1000);
  for (const step of resolve) step(resolveAt);
  const afterTimes = increasingTimes(
    rng,
    after.length,
    resolveAt,
    Math.min(input.nowMs, resolveAt + 20 * DAY),
  );
  after.forEach((step, i) => {
    step(afterTimes[i]!);
  });
  state.fixVersionIds.sort((a, b) => a - b);
  const lastChangeMs = changes.reduce((max, c) => Math.max(max, c.at), input.createdMs);
  return { state, changes, resolvedMs, categoryChangedMs, lastChangeMs };

  function change(
    field: string,
    key: "priorityId" | "issueTypeId" | "reporter",
    to: number | string,
    at: number,
  ): void {
    set(field, str(state[key]), String(to), at);
    (state as unknown as Record<string, unknown>)[key] = to;
  }
}

/** When the issue's active life ends: resolution for done issues, last touch otherwise. */
function lifeEnd(rng: Prng, input: LifecycleInput): number {
  const days = rng.logNormal(input.outcome === "done" ? 12 : 30, 1.3);
  const end = input.createdMs + Math.max(3_600_000, Math.round((days * DAY) / 1000) * 1000);
  return Math.min(end, input.nowMs - 60_000);
}

/** `count` whole-second instants, strictly increasing, after `from` and about within `to`. */
function increasingTimes(rng: Prng, count: number, from: number, to: number): number[] {
  const span = Math.max(to - from, count * 1000);
  const times = Array.from(
    { length: count },
    () => from + 1000 + Math.floor((rng.next() * span) / 1000) * 1000,
  ).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) times[i] = Math.max(times[i]!, times[i - 1]! + 1000);
  return times;
}

function str(value: number | string | null): string | null {
  return value === null ? null : String(value);
}
