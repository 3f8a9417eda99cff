/**
 * Resolving a parsed scope against the tenant's database: the project must exist, a JQL
 * scope must plan and compile with the tenant's catalog and be static (a report cannot
 * depend on who reads it or on the clock). The result carries the SQL predicate every
 * batch of the run applies: compiled once per request, and once per worker process and
 * run from the stored canonical text (never shipped through Redis).
 */
import { JqlError, plan } from "@subq/jql";
import { loadCatalog } from "../../db/catalog-loader.js";
import { createCompilerCatalog } from "../../db/compiler/compiler-catalog.js";
import { isCompileError } from "../../db/compiler/errors.js";
import { compileStage1 } from "../../db/compiler/statements.js";
import type { Queryable } from "../../db/connect.js";
import { loadTenantSettings } from "../../db/settings.js";
import { badScope, type ResolvedScope, type ScopeSpec } from "../contract/scope.js";

const STAGE1_PREFIX = "SELECT i.id::text AS id FROM issues i WHERE ";

/** `where` names the request field the scope came from, for error messages. */
export async function resolveScope(
  db: Queryable,
  spec: ScopeSpec,
  where = "query.scope",
): Promise<ResolvedScope> {
  if (spec.kind === "tenant") {
    return { kind: "tenant", text: "tenant", label: "the tenant", projectIds: null, where: sqlOf("TRUE") };
  }
  if (spec.kind === "project") return resolveProject(db, spec.key, where);
  return resolveJql(db, spec.jql, where);
}

async function resolveProject(db: Queryable, key: string, where: string): Promise<ResolvedScope> {
  const [project] = await db<{ id: number }[]>`SELECT id FROM projects WHERE key = ${key}`;
  if (!project) {
    const known = await db<{ key: string }[]>`SELECT key FROM projects ORDER BY key LIMIT 11`;
    const list = known.slice(0, 10).map((row) => row.key);
    const more = known.length > 10 ? ", ..." : "";
    throw badScope(
      `no project with key ${key} in this tenant; known keys: ${list.join(", ") || "(none)"}${more}`,
      where,
    );
  }
  return {
    kind: "project",
    text: `project:${key}`,
    label: `project ${key}`,
    projectIds: [project.id],
    where: sqlOf("i.project_id = $1::int", [project.id]),
  };
}

async function resolveJql(db: Queryable, jql: string, where: string): Promise<ResolvedScope> {
  const [catalog, settings] = await Promise.all([loadCatalog(db), loadTenantSettings(db)]);
  const compiler = createCompilerCatalog(catalog, settings);
  try {
    const planned = plan(jql, { resolver: compiler.resolver });
    if (planned.stage2?.where) {
      throw badScope(
        `the JQL "${jql}" depends on who reads it or when (${planned.stage2Text}); ` +
          "a report scope must be static: drop currentUser(), now(), relative dates and comment or text clauses",
        where,
      );
    }
    const compiled = compileStage1(planned.stage1, compiler, jql);
    if (!compiled.text.startsWith(STAGE1_PREFIX)) {
      throw new Error(`internal: unexpected Stage 1 SQL shape: ${compiled.text.slice(0, 80)}`);
    }
    const projects = planned.metadata.project?.map(Number);
    return {
      kind: "jql",
      text: `jql:${planned.stage1Text ?? ""}`,
      label: `issues matching "${jql}"`,
      projectIds: projects?.every(Number.isSafeInteger) ? projects : null,
      where: sqlOf(`(${compiled.text.slice(STAGE1_PREFIX.length)})`, compiled.values),
    };
  } catch (error) {
    if (error instanceof JqlError || isCompileError(error)) {
      throw badScope(`the JQL "${jql}" is not valid here: ${error.message}`, where, error);
    }
    throw error;
  }
}

function sqlOf(text: string, values: readonly unknown[] = []): ResolvedScope["where"] {
  return { text, values };
}
