/**
 * The refresh policy, pure: when a stored report counts as stale, and how urgently the
 * scheduler should refresh it. A report goes stale when its scope saw at least
 * `changeThreshold` change events since its run was requested, or when it is older than
 * `maxAgeMs`. Among stale reports, the ones read more and changed more go first
 * (priority = reads × changes since the last refresh); reports nobody read since their
 * last refresh (fewer than `minReads`) are left for an ad-hoc run, so the budget goes
 * where people look.
 */
import { resolveOptions } from "../options.js";

export interface RefreshPolicyOptions {
  /** Change events in scope since the last refresh that make a report stale. Default 100. */
  readonly changeThreshold?: number;
  /** A report older than this is stale whatever changed. Default 7 days. */
  readonly maxAgeMs?: number;
  /** Reads since the last refresh needed for a scheduled refresh. Default 1. */
  readonly minReads?: number;
}

export type RefreshPolicy = Readonly<Required<RefreshPolicyOptions>>;

const DEFAULTS: RefreshPolicy = Object.freeze({
  changeThreshold: 100,
  maxAgeMs: 7 * 86_400_000,
  minReads: 1,
});
const LIMITS = { changeThreshold: [1, 1e12], maxAgeMs: [1, 365 * 86_400_000], minReads: [0, 1e12] } as const;

export function resolveRefreshPolicy(options: RefreshPolicyOptions = {}): RefreshPolicy {
  return resolveOptions("refresh policy", DEFAULTS, options, LIMITS);
}

export interface ReportActivity {
  readonly readsSince: number;
  readonly changesSince: number;
  readonly ageMs: number;
}

export interface Staleness {
  readonly stale: boolean;
  /** In words, with the numbers that decided it. */
  readonly reason: string;
}

export function staleness(activity: ReportActivity, policy: RefreshPolicy): Staleness {
  const changes = `${activity.changesSince} change events in scope since the report's run (threshold ${policy.changeThreshold})`;
  if (activity.changesSince >= policy.changeThreshold) return { stale: true, reason: changes };
  if (activity.ageMs >= policy.maxAgeMs) {
    return { stale: true, reason: `older than ${Math.round(policy.maxAgeMs / 3_600_000)} h; ${changes}` };
  }
  return { stale: false, reason: changes };
}

/** The scheduler's priority of a refresh (higher first), or null when it should not run. */
export function refreshPriority(activity: ReportActivity, policy: RefreshPolicy): number | null {
  if (!staleness(activity, policy).stale || activity.readsSince < policy.minReads) return null;
  return Math.max(1, activity.readsSince) * Math.max(1, activity.changesSince);
}
