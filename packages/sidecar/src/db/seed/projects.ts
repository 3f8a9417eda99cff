/**
 * Synthetic projects with their components, versions, sprints and role members. Sizes
 * are Zipf-skewed (a few big projects, a long tail of small ones), and each project's
 * configuration grows with its expected issue count.
 */
import type { Component, Project, RoleMember, Sprint, UserId, Version } from "@subq/jql";
import { GROUP, ROLE } from "./config.js";
import type { People } from "./people.js";
import { clamp } from "./people.js";
import { type Prng, Weighted, Zipf } from "./prng.js";
import { COMPONENT_NAMES, PROJECT_AREAS, PROJECT_WORDS } from "./vocabulary.js";

const DAY = 86_400_000;

export interface VersionPlan {
  readonly id: number;
  /** Release instant (ms) or null for an unscheduled version. */
  readonly releaseMs: number | null;
}

export interface SeedProject {
  readonly project: Project;
  /** Share of all issues expected in this project. */
  readonly share: number;
  readonly team: readonly UserId[];
  readonly componentIds: readonly number[];
  /** In sequence order. */
  readonly versions: readonly VersionPlan[];
  /** In time order (board sprints); empty without a board. */
  readonly sprints: readonly Sprint[];
  readonly securityLevelIds: readonly number[];
}

export interface ProjectSet {
  readonly seedProjects: readonly SeedProject[];
  readonly projects: readonly Project[];
  readonly components: readonly Component[];
  readonly versions: readonly Version[];
  readonly sprints: readonly Sprint[];
  readonly roleMembers: readonly RoleMember[];
  readonly sizes: Zipf;
}

export function projectCount(issues: number): number {
  return clamp(Math.round(Math.sqrt(issues) / 3), 4, 400);
}

interface Context {
  readonly rng: Prng;
  readonly people: People;
  readonly issues: number;
  readonly startMs: number;
  readonly nowMs: number;
  readonly levelsByScheme: ReadonlyMap<number, readonly number[]>;
}

export function generateProjects(ctx: Context, count: number): ProjectSet {
  const sizes = new Zipf(count, 1.1);
  const set = { seedProjects: [] as SeedProject[], components: [] as Component[], versions: [] as Version[] };
  const sprints: Sprint[] = [];
  const roleMembers: RoleMember[] = [];
  const schemePick = new Weighted([35, 35, 20, 10]);
  for (let k = 0; k < count; k++) {
    const { rng, people } = ctx;
    const combo = (k * 7919) % (PROJECT_WORDS.length * PROJECT_AREAS.length);
    const word = PROJECT_WORDS[combo % PROJECT_WORDS.length]!;
    const area = PROJECT_AREAS[Math.floor(combo / PROJECT_WORDS.length)]!;
    const teamIndex = k % people.teams.length;
    const team = people.teams[teamIndex]!;
    const id = 10_000 + k + 1;
    const expected = ctx.issues * sizes.weight(k);
    const securitySchemeId = k === 0 || k === 2 ? 1 : rng.chance(0.4) ? 1 : rng.chance(0.25) ? 2 : null;
    const type = rng.chance(0.8) ? "software" : rng.chance(0.6) ? "business" : "service_desk";
    const project: Project = {
      id,
      key: (word.slice(0, 3) + area.slice(0, 2)).toUpperCase(),
      name: `${word} ${area}`,
      categoryId: rng.chance(0.85) ? rng.between(1, 4) : null,
      type,
      lead: team[0]!,
      // The first four cover every scheme, so even a tiny tenant has each kind.
      permissionSchemeId: k < 4 ? [2, 1, 3, 4][k]! : schemePick.sample(rng) + 1,
      securitySchemeId,
    };
    const components = makeComponents(rng, id, team, expected, set.components.length);
    const versions = makeVersions(ctx, id, expected, set.versions.length);
    const boardSprints =
      type === "software" && expected >= 40 ? makeSprints(ctx, project, expected, sprints.length) : [];
    set.components.push(...components);
    set.versions.push(...versions.map((v) => v.version));
    sprints.push(...boardSprints);
    roleMembers.push(
      { projectId: id, roleId: ROLE.administrators, user: project.lead, group: null },
      { projectId: id, roleId: ROLE.administrators, user: null, group: GROUP.administrators },
      { projectId: id, roleId: ROLE.developers, user: null, group: people.teamGroups[teamIndex]! },
      { projectId: id, roleId: ROLE.developers, user: rng.pick(people.qa), group: null },
      { projectId: id, roleId: ROLE.users, user: null, group: rng.chance(0.7) ? GROUP.all : GROUP.support },
    );
    set.seedProjects.push({
      project,
      share: sizes.weight(k),
      team,
      componentIds: components.map((c) => c.id),
      versions: versions.map((v) => v.plan),
      sprints: boardSprints,
      securityLevelIds: securitySchemeId === null ? [] : (ctx.levelsByScheme.get(securitySchemeId) ?? []),
    });
  }
  const projects = set.seedProjects.map((p) => p.project);
  return { ...set, projects, sprints, roleMembers: dedupe(roleMembers), sizes };
}

function makeComponents(
  rng: Prng,
  projectId: number,
  team: readonly UserId[],
  expected: number,
  offset: number,
): Component[] {
  const count = clamp(Math.round(2 + 3 * Math.log10(expected + 1)), 2, COMPONENT_NAMES.length);
  const names = rng.distinct(count, () => rng.pick(COMPONENT_NAMES), count * 20);
  return names.map((name, i) => ({
    id: offset + i + 1,
    projectId,
    name,
    lead: rng.chance(0.5) ? rng.pick(team) : null,
  }));
}

function makeVersions(ctx: Context, projectId: number, expected: number, offset: number) {
  const count = clamp(Math.round(2 + expected / 500), 2, 80);
  const releasedCount = count - 2;
  const span = ctx.nowMs - ctx.startMs;
  return Array.from({ length: count }, (_, i) => {
    const releaseMs =
      i < releasedCount
        ? ctx.startMs + Math.round(((i + 1) * span) / (releasedCount + 0.5))
        : i === count - 2
          ? ctx.nowMs + 30 * DAY
          : null;
    const released = releaseMs !== null && releaseMs <= ctx.nowMs;
    const version: Version = {
      id: offset + i + 1,
      projectId,
      name: `${1 + Math.floor(i / 5)}.${i % 5}`,
      released,
      archived: released && releaseMs < ctx.nowMs - 730 * DAY,
      sequence: i + 1,
      releaseDate: releaseMs === null ? null : new Date(releaseMs).toISOString().slice(0, 10),
    };
    return { version, plan: { id: version.id, releaseMs } };
  });
}

/** Two-week sprints of one board: closed ones, the active one around now, two future ones. */
function makeSprints(ctx: Context, project: Project, expected: number, offset: number): Sprint[] {
  const count = clamp(Math.round(expected / 100), 4, 40);
  const active = count - 3;
  return Array.from({ length: count }, (_, j) => {
    const start = ctx.nowMs - 7 * DAY + (j - active) * 14 * DAY;
    const state = j < active ? "closed" : j === active ? "active" : "future";
    return {
      id: offset + j + 1,
      name: `${project.key} Sprint ${j + 1}`,
      state,
      boardId: project.id,
      startDate: state === "future" ? null : start,
      endDate: state === "future" ? null : start + 14 * DAY,
    };
  });
}

function dedupe(members: readonly RoleMember[]): RoleMember[] {
  const seen = new Set<string>();
  return members.filter((m) => {
    const key = `${m.projectId}/${m.roleId}/${m.user}/${m.group}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
