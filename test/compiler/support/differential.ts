/**
 * One differential case: a query, a searcher at a moment, a page. The SQL answer must be
 * the evaluator's, exactly:
 * - the raw query (as generated: names, aliases, NOT, unknown values): direct SQL page and
 *   total = the evaluator's list sliced, or both fail with the same error code;
 * - the planned query (`plan` with the catalog resolver, when it plans): direct SQL =
 *   the evaluator on the normalized query; Stage 1 ⊇ the direct answer; Stage 2 over the
 *   Stage 1 ids = the direct page and total.
 * A mismatch comes back as a report with the JQL, the searcher, the SQL and the ids.
 */
import {
  catalogResolver,
  JqlError,
  type Plan,
  plan,
  print,
  type Query,
} from "../../../packages/jql/src/index.js";
import { compileDirect, compileStage1, type Page } from "../../../packages/sidecar/src/db/compiler/index.js";
import type { SearchPage } from "../../../packages/sidecar/src/db/execute/index.js";
import {
  directPage,
  evaluatorIds,
  type Harness,
  ids,
  requestOf,
  type Searcher,
  twoStagePage,
} from "./harness.js";

export interface DiffCase {
  readonly query: Query;
  readonly searcher: Searcher;
  readonly page: Page;
}

export interface DiffOutcome {
  /** Null when SQL and evaluator agree. */
  readonly mismatch: string | null;
  /** The evaluator's error code, when the query is rejected (by both). */
  readonly error?: string;
  /** Whether the planned path (Stage 1 + Stage 2) ran. */
  readonly planned: boolean;
  readonly matches: number;
}

type Answer = { ids: string[] } | { error: string };

function attempt<T>(run: () => T): T | { error: string } {
  try {
    return run();
  } catch (error) {
    if (error instanceof JqlError) return { error: error.code };
    throw error;
  }
}

async function attemptAsync(run: () => Promise<SearchPage>): Promise<SearchPage | { error: string }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof JqlError) return { error: error.code };
    throw error;
  }
}

function slice(all: readonly string[], page: Page): string[] {
  return all.slice(page.startAt, page.startAt + page.maxResults);
}

export async function checkCase(h: Harness, c: DiffCase): Promise<DiffOutcome> {
  const jql = print(c.query);
  const who = `user ${JSON.stringify(c.searcher.user)} at ${new Date(c.searcher.now).toISOString()}, page ${JSON.stringify(c.page)}`;
  const expected: Answer = attempt(() => ({ ids: evaluatorIds(h, c.query, c.searcher) }));
  const actual = await attemptAsync(() => directPage(h, c.query, c.searcher, c.page));
  const sqlOf = (query: Query) => {
    const compiled = compileDirect(query, h.compiler, requestOf(h, c.searcher), c.page);
    return `${compiled.text}\n  values: ${JSON.stringify(compiled.values).slice(0, 2000)}`;
  };
  if ("error" in expected || "error" in actual) {
    const same = "error" in expected && "error" in actual && expected.error === actual.error;
    const mismatch = same
      ? null
      : `errors differ for ${jql} (${who}): evaluator ${describe(expected)}, SQL ${describe(actual)}`;
    return {
      mismatch,
      planned: false,
      matches: 0,
      ...("error" in expected ? { error: expected.error } : {}),
    };
  }
  const raw = comparePage(expected.ids, actual, c.page);
  if (raw)
    return {
      mismatch: `raw query ${jql} (${who}): ${raw}\n  SQL: ${sqlOf(c.query)}`,
      planned: false,
      matches: 0,
    };

  const planned = attempt(() => plan(jql, { resolver: catalogResolver(h.catalog) }));
  if ("error" in planned) return { mismatch: null, planned: false, matches: expected.ids.length };
  return checkPlanned(h, c, planned, `${jql} → ${planned.normalizedText} (${who})`, sqlOf);
}

async function checkPlanned(
  h: Harness,
  c: DiffCase,
  p: Plan,
  label: string,
  sqlOf: (query: Query) => string,
): Promise<DiffOutcome> {
  const all = evaluatorIds(h, p.normalized, c.searcher);
  const direct = await directPage(h, p.normalized, c.searcher, c.page);
  const fail = (what: string) => ({
    mismatch: `planned query ${label}: ${what}`,
    planned: true,
    matches: all.length,
  });
  const problem = comparePage(all, direct, c.page);
  if (problem) return fail(`${problem}\n  SQL: ${sqlOf(p.normalized)}`);
  const staged = await twoStagePage(h, p.stage1, p.stage2, c.searcher, c.page);
  const members = new Set(staged.stage1);
  const escaped = all.filter((id) => !members.has(id));
  if (escaped.length > 0) {
    const stage1 = compileStage1(p.stage1, h.compiler);
    return fail(`Stage 1 (${p.stage1Text}) misses matches ${escaped.slice(0, 20)}\n  SQL: ${stage1.text}`);
  }
  const [want, got] = [ids(direct), ids(staged.page)];
  if (staged.page.total !== direct.total || want.join() !== got.join()) {
    return fail(
      `Stage 2 (${p.stage2Text}) over Stage 1 differs from direct: total ${staged.page.total} vs ${direct.total}, ` +
        `ids ${JSON.stringify(got.slice(0, 20))} vs ${JSON.stringify(want.slice(0, 20))}`,
    );
  }
  return { mismatch: null, planned: true, matches: all.length };
}

/** Null when `page` is `all` sliced by the page with `all.length` as total; else what differs. */
function comparePage(all: readonly string[], page: SearchPage, p: Page): string | null {
  const want = slice(all, p);
  const got = ids(page);
  const total = page.total === all.length ? "" : ` total ${page.total} ≠ ${all.length};`;
  if (!total && want.length === got.length && want.every((id, k) => id === got[k])) return null;
  const missing = want.filter((id) => !got.includes(id));
  const extra = got.filter((id) => !want.includes(id));
  const order = missing.length === 0 && extra.length === 0 ? " same ids, other order;" : "";
  return `${total}${order} missing ${JSON.stringify(missing.slice(0, 20))}, extra ${JSON.stringify(extra.slice(0, 20))}; evaluator ${JSON.stringify(want.slice(0, 20))}, SQL ${JSON.stringify(got.slice(0, 20))}`;
}

function describe(answer: Answer | SearchPage): string {
  if ("error" in answer) return answer.error;
  return "ids" in answer ? `${answer.ids.length} matches` : `${answer.total} matches`;
}
