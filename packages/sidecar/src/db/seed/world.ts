/**
 * The configuration of a synthetic tenant ("world"): the model `Catalog` to write, plus
 * what the issue generator needs to draw plausible issues from it.
 */
import type { Catalog, UserId } from "@subq/jql";
import type { CatalogNames } from "../catalog-writer.js";
import { CATEGORIES, customFields, ISSUE_TYPES, PRIORITIES, RESOLUTIONS, ROLES, STATUSES } from "./config.js";
import { generatePeople, type People, teamCount, userCount } from "./people.js";
import type { Prng } from "./prng.js";
import { generateProjects, projectCount, type SeedProject } from "./projects.js";
import {
  PERMISSION_SCHEME_NAMES,
  permissionSchemes,
  SECURITY_SCHEME_NAMES,
  securityLevels,
} from "./schemes.js";

export interface SeedWorld {
  readonly catalog: Catalog;
  readonly names: CatalogNames;
  readonly people: People;
  readonly projects: readonly SeedProject[];
  /** Draws a project index, Zipf-skewed. */
  readonly pickProject: (rng: Prng) => number;
  readonly userIds: readonly UserId[];
  readonly startMs: number;
  readonly nowMs: number;
}

export interface WorldOptions {
  readonly issues: number;
  readonly nowMs: number;
  /** Years of history before `nowMs`. */
  readonly years: number;
}

export function generateWorld(rng: Prng, options: WorldOptions): SeedWorld {
  const startMs = options.nowMs - Math.round(options.years * 365.25 * 86_400_000);
  const projectTotal = projectCount(options.issues);
  const people = generatePeople(rng.fork("people"), userCount(options.issues), teamCount(projectTotal));
  const admin = people.administrators[0]!;
  const levels = securityLevels(admin);
  const levelsByScheme = new Map<number, number[]>();
  for (const level of levels)
    levelsByScheme.set(level.schemeId, [...(levelsByScheme.get(level.schemeId) ?? []), level.id]);
  const set = generateProjects(
    {
      rng: rng.fork("projects"),
      people,
      issues: options.issues,
      startMs,
      nowMs: options.nowMs,
      levelsByScheme,
    },
    projectTotal,
  );
  const catalog: Catalog = {
    projects: set.projects,
    projectCategories: CATEGORIES,
    issueTypes: ISSUE_TYPES,
    statuses: STATUSES,
    priorities: PRIORITIES,
    resolutions: RESOLUTIONS,
    components: set.components,
    versions: set.versions,
    sprints: set.sprints,
    customFields: customFields(),
    users: people.users,
    groups: people.groups,
    roles: ROLES,
    roleMembers: set.roleMembers,
    permissionSchemes: permissionSchemes(admin),
    securityLevels: levels,
  };
  return {
    catalog,
    names: { permissionSchemes: PERMISSION_SCHEME_NAMES, securitySchemes: SECURITY_SCHEME_NAMES },
    people,
    projects: set.seedProjects,
    pickProject: (r) => set.sizes.sample(r),
    userIds: people.users.map((u) => u.id),
    startMs,
    nowMs: options.nowMs,
  };
}
