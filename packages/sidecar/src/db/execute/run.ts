/**
 * Running compiled searches. Every call runs in a read-only REPEATABLE READ transaction
 * with a statement timeout (default 10 s), and reports how long it took.
 *
 * Stage 1 also reports the database position its result saw: the WAL position read just
 * before the transaction (everything committed up to it is visible), and the snapshot of
 * the transaction (`pg_current_snapshot()`, the one the Stage 1 query ran in), so the
 * sidecar can tell which later changes a cached result has not seen (snapshot.ts).
 */
import type { Clause, Plan } from "@subq/jql";
import type { CompilerCatalog } from "../compiler/compiler-catalog.js";
import { personalGrants, withoutPersonalGrants } from "../compiler/permissions.js";
import {
  compileContains,
  compileCount,
  compileDirect,
  compilePersonalCandidates,
  compileStage1,
  compileStage2,
  type Page,
  type SearchRequest,
} from "../compiler/statements.js";
import type { SqlClient, SqlQuery } from "./client.js";

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RunOptions {
  /** Statement timeout of every statement, in ms. Default 10 000. */
  readonly timeoutMs?: number;
}

/** Where in the database's history a result was read. */
export interface DbPosition {
  /** `pg_current_snapshot()::text` of the transaction that ran the query. */
  readonly snapshot: string;
  /** `pg_current_wal_lsn()` (on a replica: the last replayed position), read just before that snapshot. */
  readonly lsn: string;
}

export interface Stage1Result {
  /** Issue ids as decimal strings (bigint-safe), in no particular order. */
  readonly ids: readonly string[];
  readonly position: DbPosition;
  readonly durationMs: number;
}

export interface IssueRef {
  readonly id: string;
  readonly key: string;
}

export interface SearchPage {
  readonly issues: readonly IssueRef[];
  /** All matches, not only this page. */
  readonly total: number;
  readonly durationMs: number;
}

const LSN =
  "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn";

export async function runStage1(
  client: SqlClient,
  input: { readonly plan: Pick<Plan, "stage1" | "jql">; readonly catalog: CompilerCatalog },
  options: RunOptions = {},
): Promise<Stage1Result> {
  const started = performance.now();
  const compiled = compileStage1(input.plan.stage1, input.catalog, input.plan.jql);
  const [lsnRow] = await client.query<{ lsn: string }>(LSN, []);
  const { snapshot, rows } = await client.readOnly(timeout(options), async (tx) => {
    const [row] = await tx.query<{ snapshot: string }>("SELECT pg_current_snapshot()::text AS snapshot", []);
    return { snapshot: row!.snapshot, rows: await tx.query<{ id: string }>(compiled.text, compiled.values) };
  });
  return {
    ids: rows.map((row) => row.id),
    position: { snapshot, lsn: lsnRow!.lsn },
    durationMs: performance.now() - started,
  };
}

export interface PageInput {
  readonly catalog: CompilerCatalog;
  readonly request: SearchRequest;
  readonly page: Page;
}

/** Stage 2: the plan's dynamic remainder, permissions, ORDER BY and paging over the Stage 1 ids. */
export async function runStage2(
  client: SqlClient,
  input: PageInput & {
    readonly plan: Pick<Plan, "stage2" | "jql">;
    readonly ids: readonly (string | number | bigint)[];
  },
  options: RunOptions = {},
): Promise<SearchPage> {
  const request = withSource(input.request, input.plan.jql);
  const compiled = compileStage2(input.plan.stage2, input.ids, input.catalog, request, input.page);
  const where = input.plan.stage2?.where ?? null;
  return runPage(
    client,
    compiled,
    input.page,
    () => compileCount(where, input.catalog, request, input.ids),
    options,
  );
}

/** The whole (normalized) query for one searcher, without Stage 1: the reference and the no-cache path. */
export async function runDirect(
  client: SqlClient,
  input: PageInput & { readonly plan: Pick<Plan, "normalized" | "jql"> },
  options: RunOptions = {},
): Promise<SearchPage> {
  const request = withSource(input.request, input.plan.jql);
  const compiled = compileDirect(input.plan.normalized, input.catalog, request, input.page);
  const where = input.plan.normalized.where;
  return runPage(client, compiled, input.page, () => compileCount(where, input.catalog, request), options);
}

export interface SharedPage extends SearchPage {
  /** Users who may see more than this answer (compilePersonalCandidates): not theirs to take. */
  readonly personal: readonly string[];
}

/**
 * The answer every user of the searcher's grants shares (Stage 2 over `ids`, or the whole
 * query when `ids` is null), computed under the grants without reporter / assignee
 * holders, and in the same snapshot the users who may see more than it. Only for plans
 * whose answer does not depend on who searches (no `currentUser()`).
 */
export async function runShared(
  client: SqlClient,
  input: PageInput & {
    readonly plan: Pick<Plan, "stage2" | "normalized" | "jql">;
    readonly ids: readonly (string | number | bigint)[] | null;
    /** The projects the grants were compared in (null: all): no issue outside them is shown. */
    readonly scope: readonly number[] | null;
  },
  options: RunOptions = {},
): Promise<SharedPage> {
  const started = performance.now();
  const sourced = withSource(input.request, input.plan.jql);
  const full = input.scope === null ? sourced : { ...sourced, projects: input.scope };
  const request = { ...full, permissions: withoutPersonalGrants(full.permissions) };
  const { ids, catalog, page } = input;
  const where = ids === null ? input.plan.normalized.where : (input.plan.stage2?.where ?? null);
  const compiled =
    ids === null
      ? compileDirect(input.plan.normalized, catalog, request, page)
      : compileStage2(input.plan.stage2, ids, catalog, request, page);
  const grants = personalGrants(full.permissions);
  const { rows, total, personal } = await client.readOnly(timeout(options), async (tx) => {
    const answer = await pageIn(tx, compiled, page, () => compileCount(where, catalog, request, ids));
    if (grants.projects.length === 0 && grants.levels.length === 0) return { ...answer, personal: [] };
    const candidates = compilePersonalCandidates(where, ids, catalog, full);
    const users = await tx.query<{ user_id: string }>(candidates.text, candidates.values);
    return { ...answer, personal: users.map((row) => row.user_id) };
  });
  return {
    issues: rows.map((row) => ({ id: row.id, key: row.key })),
    total,
    personal,
    durationMs: performance.now() - started,
  };
}

/**
 * Whether one issue is in a query's answer for the searcher: `where` is the whole query's
 * (direct) or, when the caller has checked the issue is in the Stage 1 ids, Stage 2's.
 */
export async function runContains(
  client: SqlClient,
  input: {
    readonly where: Clause | null;
    readonly issueId: string | number | bigint;
    readonly catalog: CompilerCatalog;
    readonly request: SearchRequest;
  },
  options: RunOptions = {},
): Promise<{ readonly contains: boolean; readonly durationMs: number }> {
  const started = performance.now();
  const compiled = compileContains(input.where, input.issueId, input.catalog, input.request);
  const [row] = await client.readOnly(timeout(options), (tx) =>
    tx.query<{ contains: boolean }>(compiled.text, compiled.values),
  );
  return { contains: row!.contains === true, durationMs: performance.now() - started };
}

async function runPage(
  client: SqlClient,
  compiled: { readonly text: string; readonly values: readonly unknown[] },
  page: Page,
  count: () => { readonly text: string; readonly values: readonly unknown[] },
  options: RunOptions,
): Promise<SearchPage> {
  const started = performance.now();
  const { rows, total } = await client.readOnly(timeout(options), (tx) => pageIn(tx, compiled, page, count));
  return {
    issues: rows.map((row) => ({ id: row.id, key: row.key })),
    total,
    durationMs: performance.now() - started,
  };
}

type Statement = { readonly text: string; readonly values: readonly unknown[] };

async function pageIn(tx: SqlQuery, compiled: Statement, page: Page, count: () => Statement) {
  const rows = await tx.query<{ id: string; key: string; total: number }>(compiled.text, compiled.values);
  if (rows.length > 0 || page.startAt === 0) return { rows, total: rows[0]?.total ?? 0 };
  // A page past the end has no row to carry the window count: count in the same snapshot.
  const counted = count();
  const [row] = await tx.query<{ total: number }>(counted.text, counted.values);
  return { rows, total: row!.total };
}

function withSource(request: SearchRequest, source: string): SearchRequest {
  return request.source === undefined ? { ...request, source } : request;
}

function timeout(options: RunOptions): number {
  return options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}
