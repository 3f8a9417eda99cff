/**
 * One compile: the tenant's compiler catalog, the parameters collected so far, and the
 * searcher, moment and permissions when there are any (Stage 2 and direct queries; never
 * Stage 1, whose SQL is the same for every user at every moment). Reading the searcher or
 * the moment is recorded in `dependsOn`, so callers know what a compiled answer varies with.
 */
import type { DiagnosticCode, Span, UserId, WeekStart } from "@subq/jql";
import type { CompilerCatalog } from "./compiler-catalog.js";
import { CompileError, jqlFail } from "./errors.js";
import { createParams, type Params } from "./params.js";
import type { PermissionContext } from "./permissions.js";

/** Who searches, and when (the zone is the tenant's, from the compiler catalog). */
export interface SearchMoment {
  /** Null for an anonymous search. */
  readonly user: UserId | null;
  /** Epoch ms. */
  readonly now: number;
  /** Overrides the tenant's week start for startOfWeek() / endOfWeek(). */
  readonly weekStart?: WeekStart;
}

/** What a compiled statement's answer varies with, beyond the data. */
export interface DependsOn {
  /** The searcher's identity (currentUser(), watchedIssues(), a lead function without argument, ...). */
  user: boolean;
  /** The moment (now(), startOfDay(), relative dates). */
  now: boolean;
  /**
   * The searcher's grants beyond the issue visibility test: comment visibility (groups,
   * roles), projectsWhereUserHasPermission() / projectsWhereUserHasRole(). Such an answer
   * is shared only with users holding all the same grants, in every project.
   */
  grants: boolean;
}

export interface CompileEnv {
  readonly catalog: CompilerCatalog;
  readonly params: Params;
  /** The JQL text, for line and column in diagnostics ("" when unknown). */
  readonly source: string;
  readonly dependsOn: DependsOn;
  readonly weekStart: WeekStart;
  /** The searcher; throws E_COMPILE_CONTEXT without a search context. */
  user(what: string): UserId | null;
  /** The moment; throws E_COMPILE_CONTEXT without a search context. */
  now(what: string): number;
  /** The searcher's grants (recorded in `dependsOn.grants`); throws E_COMPILE_CONTEXT without them. */
  access(what: string): PermissionContext;
  /** The grants for the issue visibility test only (not recorded); throws like `access`. */
  visibility(what: string): PermissionContext;
  fail(code: DiagnosticCode, message: string, span: Span): never;
}

export interface EnvOptions {
  readonly search?: SearchMoment | null;
  readonly permissions?: PermissionContext | null;
  readonly source?: string;
}

export function createEnv(catalog: CompilerCatalog, options: EnvOptions = {}): CompileEnv {
  const search = options.search ?? null;
  const permissions = options.permissions ?? null;
  const source = options.source ?? "";
  if (search && permissions && search.user !== permissions.user) {
    throw new CompileError(
      "E_COMPILE_CONTEXT",
      `the permission context is for ${String(permissions.user)}, the search for ${String(search.user)}`,
    );
  }
  const missing = (what: string, needs: string): never => {
    throw new CompileError(
      "E_COMPILE_CONTEXT",
      `${what} needs ${needs}, which a Stage 1 (static) query does not have: it belongs in Stage 2`,
    );
  };
  const dependsOn: DependsOn = { user: false, now: false, grants: false };
  return {
    catalog,
    params: createParams(),
    source,
    dependsOn,
    weekStart: search?.weekStart ?? catalog.weekStart,
    user(what) {
      if (!search) return missing(what, "the searcher");
      dependsOn.user = true;
      return search.user;
    },
    now(what) {
      if (!search) return missing(what, "the search moment");
      dependsOn.now = true;
      return search.now;
    },
    access(what) {
      if (!permissions) return missing(what, "the searcher's permissions");
      dependsOn.grants = true;
      return permissions;
    },
    visibility(what) {
      if (!permissions) return missing(what, "the searcher's permissions");
      return permissions;
    },
    fail: (code, message, span) => jqlFail(source, code, message, span),
  };
}
