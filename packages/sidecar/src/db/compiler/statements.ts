/**
 * Whole statements. Stage 1: the ids of the issues matching the static predicate, no
 * permissions. Stage 2: the issues of the Stage 1 ids (`i.id = ANY($1::bigint[])`), the
 * dynamic remainder, the searcher's permissions, ORDER BY and a page, with the total as
 * `count(*) OVER ()` (measured faster than a second query at 40k ids: bench/db). Direct:
 * the whole query that way, without Stage 1 (the reference, and the path without cache).
 * Contains: whether one issue is in the answer. Count: the total alone (for a page past
 * the end, where the window count has no row to ride on).
 */
import type { Clause, OrderBy, Query } from "@subq/jql";
import { PAGE_LIMITS, pageProblem } from "../../page-limits.js";
import { compileClause } from "./clause.js";
import type { CompilerCatalog } from "./compiler-catalog.js";
import { type CompileEnv, createEnv, type DependsOn, type SearchMoment } from "./env.js";
import { CompileError } from "./errors.js";
import { compileOrderBy } from "./order-by.js";
import { issueVisibleSql, personalPathSql } from "./permission-sql.js";
import { type PermissionContext, withoutPersonalGrants } from "./permissions.js";

/** Parameterized SQL for `sql.unsafe(text, values)`. */
export interface CompiledSql {
  readonly text: string;
  readonly values: readonly unknown[];
  /** What the answer varies with besides the data (and, for Stage 2 / direct, the permission class). */
  readonly dependsOn: Readonly<DependsOn>;
}

/** Within PAGE_LIMITS (page-limits.ts), with room for whole answers (`maxStatementRows`). */
export interface Page {
  /** 0-based offset, 0 to PAGE_LIMITS.maxStartAt. */
  readonly startAt: number;
  /** Page size, 1 to PAGE_LIMITS.maxStatementRows. */
  readonly maxResults: number;
}

/** Who searches, when, with which grants: what Stage 2 and direct queries need. */
export interface SearchRequest {
  readonly search: SearchMoment;
  readonly permissions: PermissionContext;
  /** The JQL text, for line and column in diagnostics. */
  readonly source?: string;
  /**
   * Only issues of these projects: the scope a shared answer's grants were compared in
   * (permission-class.ts). Cached Stage 1 ids may lag behind an issue that moved out of
   * the scope; the statement must not show it under grants compared elsewhere.
   */
  readonly projects?: readonly number[];
}

/** The largest page a statement is built for (PAGE_LIMITS.maxStatementRows). */
export const MAX_PAGE = PAGE_LIMITS.maxStatementRows;

/** Stage 1: `SELECT i.id::text AS id FROM issues i WHERE …` (null clause: every issue). */
export function compileStage1(clause: Clause | null, catalog: CompilerCatalog, source = ""): CompiledSql {
  const env = createEnv(catalog, { source });
  const where = clause ? compileClause(clause, env) : "TRUE";
  return {
    text: `SELECT i.id::text AS id FROM issues i WHERE ${where}`,
    values: env.params.values,
    dependsOn: env.dependsOn,
  };
}

/** Stage 2: the Stage 1 ids narrowed by the query's remainder (null: none) and permissions, ordered and paged. */
export function compileStage2(
  query: Query | null,
  ids: readonly (string | number | bigint)[],
  catalog: CompilerCatalog,
  request: SearchRequest,
  page: Page,
): CompiledSql {
  return compilePage(query?.where ?? null, query?.orderBy ?? null, catalog, request, page, checkedIds(ids));
}

/** The whole query for one searcher, ordered and paged, without Stage 1. */
export function compileDirect(
  query: Query,
  catalog: CompilerCatalog,
  request: SearchRequest,
  page: Page,
): CompiledSql {
  return compilePage(query.where, query.orderBy, catalog, request, page, null);
}

/** `SELECT count(*)` of what `compileStage2` (with ids) or `compileDirect` (without) would page through. */
export function compileCount(
  where: Clause | null,
  catalog: CompilerCatalog,
  request: SearchRequest,
  ids: readonly (string | number | bigint)[] | null = null,
): CompiledSql {
  const env = createEnv(catalog, request);
  const restrict = restrictions(env, ids === null ? null : checkedIds(ids), request);
  const conditions = [...restrict, ...(where ? [compileClause(where, env)] : []), visibleFilter(env)];
  const text = `SELECT count(*)::int AS total FROM issues i WHERE ${conditions.join(" AND ")}`;
  return { text, values: env.params.values, dependsOn: env.dependsOn };
}

/** `SELECT EXISTS (…) AS contains`: whether issue `issueId` matches `where` (null: any) and is visible. */
export function compileContains(
  where: Clause | null,
  issueId: string | number | bigint,
  catalog: CompilerCatalog,
  request: SearchRequest,
): CompiledSql {
  const env = createEnv(catalog, request);
  const [id] = checkedIds([issueId]);
  const conditions = [
    `i.id = ${env.params.one(id, "bigint")}`,
    ...(where ? [compileClause(where, env)] : []),
    visibleFilter(env),
  ];
  const text = `SELECT EXISTS (SELECT 1 FROM issues i WHERE ${conditions.join(" AND ")}) AS contains`;
  return { text, values: env.params.values, dependsOn: env.dependsOn };
}

/**
 * The users who might see more of a shared answer than its grants without reporter /
 * assignee holders show (`withoutPersonalGrants`): of the matching issues (of `ids`, when
 * given) that those grants hide, the reporters where the full grants name the reporter
 * and the assignees where they name the assignee. Every other user of the same grants
 * gets exactly the shared answer.
 */
export function compilePersonalCandidates(
  where: Clause | null,
  ids: readonly (string | number | bigint)[] | null,
  catalog: CompilerCatalog,
  request: SearchRequest,
): CompiledSql {
  const env = createEnv(catalog, request);
  const restrict = restrictions(env, ids === null ? null : checkedIds(ids), request);
  const asReporter = personalPathSql(env, "reporter");
  const asAssignee = personalPathSql(env, "assignee");
  const shared = issueVisibleSql(env, withoutPersonalGrants(request.permissions));
  const conditions = [
    ...restrict,
    ...(where ? [compileClause(where, env)] : []),
    `(${asReporter} OR ${asAssignee})`,
    `NOT coalesce(${shared}, false)`,
  ];
  const text =
    "SELECT DISTINCT p.user_id FROM issues i CROSS JOIN LATERAL (VALUES" +
    ` (CASE WHEN ${asReporter} THEN i.reporter_id END), (CASE WHEN ${asAssignee} THEN i.assignee_id END))` +
    ` AS p(user_id) WHERE ${conditions.join(" AND ")} AND p.user_id IS NOT NULL`;
  return { text, values: env.params.values, dependsOn: env.dependsOn };
}

function compilePage(
  where: Clause | null,
  orderBy: OrderBy | null,
  catalog: CompilerCatalog,
  request: SearchRequest,
  page: Page,
  ids: readonly string[] | null,
): CompiledSql {
  checkPage(page);
  const env = createEnv(catalog, request);
  // The ids first: `$1` in every Stage 2 statement.
  const restrict = restrictions(env, ids, request);
  const conditions = [...restrict, ...(where ? [compileClause(where, env)] : []), visibleFilter(env)];
  const order = compileOrderBy(orderBy, env);
  const limit = env.params.one(page.maxResults, "int");
  const offset = env.params.one(page.startAt, "int");
  const text =
    "SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i" +
    order.joins.map((join) => ` ${join}`).join("") +
    ` WHERE ${conditions.join(" AND ")} ORDER BY ${order.orderBy} LIMIT ${limit} OFFSET ${offset}`;
  return { text, values: env.params.values, dependsOn: env.dependsOn };
}

/** The ids (first: `$1`) and the projects a statement is restricted to. */
function restrictions(env: CompileEnv, ids: readonly string[] | null, request: SearchRequest): string[] {
  const out = ids === null ? [] : [`i.id = ANY(${env.params.list(ids, "bigint")})`];
  if (request.projects) out.push(`i.project_id = ANY(${env.params.list(request.projects, "int")})`);
  return out;
}

/**
 * The permission test as a row filter only. As a plain condition the planner turned it
 * into a bitmap over every issue of the browsable projects (1M rows, 48 ms of a 213 ms
 * Stage 2 over 35 000 ids); inside coalesce() it cannot, and the ids or the query's own
 * conditions choose the index. Never NULL anyway: coalesce changes nothing else.
 */
function visibleFilter(env: CompileEnv): string {
  return `coalesce(${issueVisibleSql(env)}, false)`;
}

const DECIMAL_ID = /^(0|[1-9][0-9]{0,18})$/;

function checkedIds(ids: readonly (string | number | bigint)[]): string[] {
  return ids.map((id) => {
    const text =
      typeof id === "string"
        ? id
        : typeof id === "bigint"
          ? id.toString()
          : Number.isSafeInteger(id)
            ? String(id)
            : "";
    if (!DECIMAL_ID.test(text) || BigInt(text) > 9_223_372_036_854_775_807n) {
      throw new CompileError("E_COMPILE_IDS", `not an issue id: ${String(id)}`);
    }
    return text;
  });
}

function checkPage(page: Page): void {
  const problem = pageProblem(page, MAX_PAGE);
  if (problem) {
    throw new CompileError(
      "E_COMPILE_PAGE",
      `a page's ${problem.field} ${problem.message}, got ${JSON.stringify(page)}`,
    );
  }
}
