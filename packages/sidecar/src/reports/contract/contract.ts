/**
 * The tool contract: what a report author writes. A tool holds domain logic only —
 * which issue facets it reads, what one batch of issues contributes, and how the merged
 * contributions become report rows (including what "unused" means). The framework owns
 * scope bounding, batching, parallelism, retries, deadlines, state and the commit.
 *
 * The rules that make retries and reordering safe are the framework's, not the tool's:
 * `contribute` is a pure function of its batch (no I/O, no clock, no randomness), and
 * every contribution goes through a builder whose operations commute (sum, max, min);
 * the framework applies each batch once, atomically, whatever the order.
 */
import type { Queryable } from "../../db/connect.js";
import type { ContributionBuilder, MergedState } from "./contribution.js";
import type { ResolvedScope } from "./scope.js";

/** Optional per-issue data a tool asks the framework to load with each batch. */
export type IssueFacet =
  /** Ids of the custom fields that have a value on the issue. */
  | "customFields"
  /** Component ids of the issue. */
  | "components"
  /** Fix and affected version ids. */
  | "versions"
  /** Every status transition of the issue (from the change history). */
  | "statusChanges";

export interface StatusChange {
  /** Null when the history does not say (never for the seeded data). */
  readonly from: number | null;
  readonly to: number | null;
  readonly atMs: number;
}

/** One issue of a batch. Facet fields are empty unless the tool asked for the facet. */
export interface IssueRow {
  /** Decimal string: issue ids are bigint. */
  readonly id: string;
  readonly projectId: number;
  readonly statusId: number;
  readonly issueTypeId: number;
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly customFieldIds: readonly number[];
  readonly componentIds: readonly number[];
  readonly fixVersionIds: readonly number[];
  readonly affectedVersionIds: readonly number[];
  readonly statusChanges: readonly StatusChange[];
}

/** What every phase knows about the run. */
export interface RunContext<P> {
  readonly tenant: string;
  readonly runId: string;
  readonly scope: ResolvedScope;
  readonly params: P;
  /** The run's "now" (epoch ms), fixed when the run was requested. */
  readonly asOfMs: number;
}

/** Finalise may read the tenant's configuration (entity names, candidates) through `db`. */
export interface FinaliseContext<P> extends RunContext<P> {
  readonly db: Queryable;
  /** Issues in scope, counted over every batch. */
  readonly issuesScanned: number;
}

/** One durable report row: (entity type, entity id, metric) → value, with an optional why. */
export interface ReportRow {
  readonly entityType: string;
  readonly entityId: string;
  readonly metric: string;
  /** A finite number; instants are epoch ms. */
  readonly value: number;
  readonly note?: string;
}

/** A run parameter, for `listTools` and help texts. */
export interface ParamDoc {
  readonly name: string;
  readonly description: string;
  readonly default: string | number | boolean;
}

export interface ReportTool<P = unknown> {
  /** Stable kebab-case name: URLs, table rows and metrics use it. */
  readonly name: string;
  readonly description: string;
  /** The kind of entity the report is about ("custom_field", "status", ...). */
  readonly entityType: string;
  readonly params: readonly ParamDoc[];
  /** Facets loaded with every issue of a batch. */
  readonly facets: readonly IssueFacet[];
  /**
   * Checks and completes the run parameters (defaults filled in). Throw a ReportError
   * (`badParams`) naming the parameter and the accepted values.
   */
  parseParams(raw: Readonly<Record<string, unknown>>): P;
  /** Adds the batch's contribution to `out`. Pure: the framework may run it more than once. */
  contribute(issues: readonly IssueRow[], run: RunContext<P>, out: ContributionBuilder): void;
  /**
   * The report's rows from every batch's merged contribution. By convention each entity
   * gets a metric `unused` (1 or 0) whose note says why.
   */
  finalise(merged: MergedState, run: FinaliseContext<P>): Promise<readonly ReportRow[]>;
}

/** Any tool, whatever its parameter type (the registry stores them side by side). */
// biome-ignore lint/suspicious/noExplicitAny: the parameter type is each tool's own
export type AnyReportTool = ReportTool<any>;
