/**
 * The evaluation environment: the dataset's indexes, who is searching and when, and
 * what follows from that once (the tenant's zone, the searcher's grants per project).
 * Compiled clause predicates are memoized per environment, so `evaluate()` of one clause
 * over many issues compiles it once.
 */
import type { Clause, Span } from "../ast.js";
import type { WeekStart } from "../dates.js";
import { type DiagnosticCode, jqlError } from "../diagnostics.js";
import type { Dataset, IssueSnapshot, SearchContext } from "../model.js";
import { type TimeZone, timeZone } from "../time-zone.js";
import { type DatasetIndex, indexDataset } from "./dataset-index.js";
import { type Access, createAccess } from "./permissions.js";

export type Predicate = (issue: IssueSnapshot) => boolean;

export interface EvalEnv {
  readonly index: DatasetIndex;
  readonly context: SearchContext;
  readonly zone: TimeZone;
  readonly weekStart: WeekStart;
  /** The query text, for the line and column of diagnostics ("" when unknown). */
  readonly source: string;
  /** The searcher's grants (permissions.ts). */
  readonly access: Access;
  /** Compiled predicates of clauses evaluated in this environment. */
  readonly compiled: WeakMap<Clause, Predicate>;
}

export interface EvalOptions {
  /** The query text, for the line and column of diagnostics. */
  readonly source?: string;
}

/**
 * An environment over a dataset (indexed here) or over an index built earlier with
 * `indexDataset` (many searchers and moments over one dataset index it once).
 */
export function createEvalEnv(
  data: Dataset | DatasetIndex,
  context: SearchContext,
  options: EvalOptions = {},
): EvalEnv {
  const index = "issuesById" in data ? data : indexDataset(data);
  return {
    index,
    context,
    zone: timeZone(context.timeZone),
    weekStart: context.weekStart ?? 1,
    source: options.source ?? "",
    access: createAccess(index, context.user),
    compiled: new WeakMap(),
  };
}

export function fail(env: EvalEnv, code: DiagnosticCode, message: string, span: Span): never {
  throw jqlError(env.source, code, message, span);
}
