/**
 * One tenant under test: its database, the dataset read back from it, the evaluator's
 * index over that dataset, the compiler catalog, and both ways of answering a query for
 * a searcher at a moment: the evaluator (the oracle) and the compiled SQL (direct, or
 * Stage 1 then Stage 2), as lists of issue ids.
 */
import type { Catalog, Clause, Dataset, Query, SearchContext } from "../../../packages/jql/src/index.js";
import { type DatasetIndex, evaluateQuery, indexDataset } from "../../../packages/jql/src/index.js";
import {
  type CompilerCatalog,
  createCompilerCatalog,
  createPermissionContext,
  type Page,
  type SearchRequest,
} from "../../../packages/sidecar/src/db/compiler/index.js";
import { loadDataset } from "../../../packages/sidecar/src/db/dataset.js";
import {
  postgresClient,
  runDirect,
  runStage1,
  runStage2,
  type SearchPage,
  type SqlClient,
} from "../../../packages/sidecar/src/db/execute/index.js";
import { loadTenantSettings } from "../../../packages/sidecar/src/db/settings.js";
import type { TestDatabase } from "../../support/pg.js";

export interface Harness {
  readonly db: TestDatabase;
  readonly client: SqlClient;
  readonly dataset: Dataset;
  readonly index: DatasetIndex;
  readonly catalog: Catalog;
  readonly compiler: CompilerCatalog;
  readonly timeZone: string;
  readonly weekStart: 0 | 1;
}

export interface Searcher {
  readonly user: string | null;
  readonly now: number;
}

export const ALL: Page = { startAt: 0, maxResults: 100_000 };

export async function openHarness(db: TestDatabase): Promise<Harness> {
  const dataset = await loadDataset(db.sql);
  const settings = await loadTenantSettings(db.sql);
  return {
    db,
    client: postgresClient(db.sql),
    dataset,
    index: indexDataset(dataset),
    catalog: dataset.catalog,
    compiler: createCompilerCatalog(dataset.catalog, settings),
    timeZone: settings.timeZone,
    weekStart: settings.weekStart,
  };
}

export function contextOf(h: Harness, s: Searcher): SearchContext {
  return { user: s.user, now: s.now, timeZone: h.timeZone, weekStart: h.weekStart };
}

export function requestOf(h: Harness, s: Searcher, source = ""): SearchRequest {
  return {
    search: { user: s.user, now: s.now },
    permissions: createPermissionContext(h.catalog, s.user),
    source,
  };
}

/** The evaluator's answer: visible matches in ORDER BY order. */
export function evaluatorIds(h: Harness, query: Query, s: Searcher): string[] {
  return evaluateQuery(query, h.index, contextOf(h, s)).map((issue) => String(issue.id));
}

export function directPage(h: Harness, query: Query, s: Searcher, page: Page = ALL): Promise<SearchPage> {
  return runDirect(h.client, {
    plan: { normalized: query, jql: "" },
    catalog: h.compiler,
    request: requestOf(h, s),
    page,
  });
}

/** Stage 1 of `stage1`, then Stage 2 of `stage2` over its ids. */
export async function twoStagePage(
  h: Harness,
  stage1: Clause | null,
  stage2: Query | null,
  s: Searcher,
  page: Page = ALL,
): Promise<{ stage1: readonly string[]; page: SearchPage }> {
  const first = await runStage1(h.client, { plan: { stage1, jql: "" }, catalog: h.compiler });
  const second = await runStage2(h.client, {
    plan: { stage2, jql: "" },
    ids: first.ids,
    catalog: h.compiler,
    request: requestOf(h, s),
    page,
  });
  return { stage1: first.ids, page: second };
}

export function ids(page: SearchPage): string[] {
  return page.issues.map((issue) => issue.id);
}
