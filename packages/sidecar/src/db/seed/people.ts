/**
 * Synthetic users and groups. A third of the users are developers, split into teams
 * (one `team-NN` group each, the Developers role of their projects); a few are
 * administrators, some are QA or support; everybody is in jira-users.
 */
import type { User, UserId } from "@subq/jql";
import { GROUP } from "./config.js";
import type { Prng } from "./prng.js";
import { FIRST_NAMES, LAST_NAMES } from "./vocabulary.js";

export interface People {
  readonly users: readonly User[];
  readonly groups: Readonly<Record<string, readonly UserId[]>>;
  /** Developer user ids per team, in a fixed order (the order assignees are ranked by). */
  readonly teams: readonly (readonly UserId[])[];
  readonly teamGroups: readonly string[];
  readonly administrators: readonly UserId[];
  readonly qa: readonly UserId[];
}

export function userCount(issues: number): number {
  return clamp(Math.round(issues / 40), 40, 25_000);
}

export function teamCount(projects: number): number {
  return clamp(Math.round(projects / 4), 2, 60);
}

export function generatePeople(rng: Prng, userTotal: number, teamTotal: number): People {
  const width = String(userTotal).length;
  const users: User[] = [];
  for (let i = 1; i <= userTotal; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const id = `u${String(i).padStart(width, "0")}`;
    const email = rng.chance(0.9) ? `${first}.${last}.${i}@example.com`.toLowerCase() : null;
    users.push({ id, displayName: `${first} ${last}`, email, active: rng.chance(0.97) });
  }
  const ids = users.map((u) => u.id);
  const developers = ids.slice(0, Math.max(teamTotal * 2, Math.round(userTotal * 0.33)));
  const administrators = developers.slice(0, Math.max(2, Math.round(userTotal * 0.02)));
  const qa = ids.slice(developers.length, developers.length + Math.max(2, Math.round(userTotal * 0.08)));
  const support = ids.slice(ids.length - Math.max(2, Math.round(userTotal * 0.1)));
  const teams: UserId[][] = Array.from({ length: teamTotal }, () => []);
  developers.forEach((id, i) => {
    teams[i % teamTotal]!.push(id);
  });
  const teamGroups = teams.map((_, i) => `team-${String(i + 1).padStart(2, "0")}`);
  const groups: Record<string, readonly UserId[]> = {
    [GROUP.all]: ids,
    [GROUP.developers]: developers,
    [GROUP.administrators]: administrators,
    [GROUP.qa]: qa,
    [GROUP.support]: support,
  };
  teamGroups.forEach((name, i) => {
    groups[name] = teams[i]!;
  });
  return { users, groups: sortedGroups(groups), teams, teamGroups, administrators, qa };
}

/** Group names and members in code-unit order, the order the catalog loader returns. */
function sortedGroups(groups: Record<string, readonly UserId[]>): Record<string, readonly UserId[]> {
  return Object.fromEntries(
    Object.keys(groups)
      .sort()
      .map((name) => [name, [...groups[name]!].sort()]),
  );
}

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}
