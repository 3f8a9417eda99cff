/**
 * What the workload is built from, read from the seeded tenant: the service-desk projects
 * (the largest ones whose developers may browse them), their agents (the project's
 * Developers role), the open issues the change stream works on, and the catalog ids the
 * stream writes (statuses, resolutions, priorities, labels).
 */
import type { Catalog } from "../../packages/jql/src/index.js";
import {
  type CompilerCatalog,
  createCompilerCatalog,
  loadCatalog,
  loadTenantSettings,
  type Sql,
} from "../../packages/sidecar/src/db/index.js";

const DEVELOPERS_ROLE = 10001;
/** Permission schemes whose browse grant reaches a project's developers (4, Restricted, does not). */
const AGENT_SCHEMES = [1, 2, 3];

export interface DeskProject {
  readonly id: number;
  readonly key: string;
  readonly issues: number;
  readonly openIssues: number;
  /** Developers of the project, each an agent of exactly one desk project. */
  readonly agents: readonly string[];
  /** Open issues without a security level (ids), the stream's targets. */
  readonly open: readonly number[];
}

export interface TenantFacts {
  readonly catalog: Catalog;
  readonly compiler: CompilerCatalog;
  readonly projects: readonly DeskProject[];
  /** Administrators (see every project): the dashboard viewers. */
  readonly managers: readonly string[];
}

export async function readTenantFacts(
  sql: Sql,
  deskProjects: number,
  agentsPerProject: number,
): Promise<TenantFacts> {
  const catalog = await loadCatalog(sql);
  const compiler = createCompilerCatalog(catalog, await loadTenantSettings(sql));
  const projects = await sql<{ id: number; key: string; issues: number; open_issues: number }[]>`
    SELECT p.id, p.key, count(*)::int AS issues, count(*) FILTER (WHERE i.resolution_id IS NULL)::int AS open_issues
      FROM issues i JOIN projects p ON p.id = i.project_id
     WHERE p.permission_scheme_id = ANY(${AGENT_SCHEMES})
     GROUP BY p.id, p.key ORDER BY issues DESC, p.key LIMIT ${deskProjects}`;
  const ids = projects.map((p) => p.id);
  const developers = await sql<{ project: number; user: string }[]>`
    SELECT DISTINCT r.project_id AS project, coalesce(r.user_id, m.user_id) AS user
      FROM project_role_members r LEFT JOIN group_members m ON m.group_name = r.group_name
     WHERE r.role_id = ${DEVELOPERS_ROLE} AND r.project_id = ANY(${ids})
     ORDER BY 1, 2`;
  const open = await sql<{ project: number; id: number }[]>`
    SELECT project_id AS project, id::float8 AS id FROM issues
     WHERE resolution_id IS NULL AND security_level_id IS NULL AND project_id = ANY(${ids})
     ORDER BY id`;
  const taken = new Set<string>();
  const desk = projects.map((p) => {
    // An agent works one desk: the largest project they are a developer of.
    const agents = developers
      .filter((d) => d.project === p.id && d.user !== null && !taken.has(d.user))
      .map((d) => d.user)
      .slice(0, agentsPerProject);
    for (const agent of agents) taken.add(agent);
    return {
      id: p.id,
      key: p.key,
      issues: p.issues,
      openIssues: p.open_issues,
      agents,
      open: open.filter((o) => o.project === p.id).map((o) => o.id),
    };
  });
  return { catalog, compiler, projects: desk, managers: catalog.groups.administrators ?? [] };
}
