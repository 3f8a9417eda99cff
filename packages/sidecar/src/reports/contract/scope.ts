/**
 * Report scopes: which issues a run scans. Written as text in URLs and on the command
 * line, one of
 *
 *   project:FOO            the issues of one project (key, case-insensitive)
 *   jql:<query>            the issues matching a static JQL query
 *   tenant                 every issue of the tenant
 *
 * Parsing is pure (here); resolving against the tenant's database (framework/scope-resolve.ts)
 * turns a scope into its canonical text, a label for sentences, and a SQL predicate.
 */
import { createHash } from "node:crypto";
import { ReportError } from "../errors.js";

export type ScopeSpec =
  | { readonly kind: "project"; readonly key: string }
  | { readonly kind: "jql"; readonly jql: string }
  | { readonly kind: "tenant" };

/** A scope checked against the tenant; each worker resolves a run's scope from its row (phases/run-contexts.ts). */
export interface ResolvedScope {
  readonly kind: ScopeSpec["kind"];
  /** Canonical text: the report's identity (`project:FOO`, `jql:<normalized>`, `tenant`). */
  readonly text: string;
  /** For sentences: "project FOO", "issues matching <jql>", "the tenant". */
  readonly label: string;
  /** Projects the scope is limited to, when it is (a project scope); null otherwise. */
  readonly projectIds: readonly number[] | null;
  /** SQL predicate over `issues i`, with `$1..$n` placeholders for `values`. */
  readonly where: { readonly text: string; readonly values: readonly unknown[] };
}

const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;
const MAX_SCOPE_LENGTH = 4_000;
const FORMS =
  "project:<KEY> (e.g. project:FOO), jql:<query> (e.g. jql:project = FOO AND type = Bug) or tenant";

export function parseScope(text: unknown, where = "query.scope"): ScopeSpec {
  if (typeof text !== "string" || text.trim() === "") {
    throw badScope(`a scope is required: ${FORMS}`, where);
  }
  if (text.length > MAX_SCOPE_LENGTH) {
    throw badScope(`the scope is ${text.length} characters long; at most ${MAX_SCOPE_LENGTH}`, where);
  }
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === "tenant") return { kind: "tenant" };
  const colon = trimmed.indexOf(":");
  const kind = colon < 0 ? "" : trimmed.slice(0, colon).trim().toLowerCase();
  const rest = colon < 0 ? "" : trimmed.slice(colon + 1).trim();
  if (kind === "project") {
    if (!PROJECT_KEY.test(rest)) {
      throw badScope(
        `"${rest}" is not a project key (a letter, then up to 19 letters, digits or _); e.g. project:FOO`,
        where,
      );
    }
    return { kind: "project", key: rest.toUpperCase() };
  }
  if (kind === "jql") {
    if (rest === "") throw badScope("jql: needs a query, e.g. jql:project = FOO AND type = Bug", where);
    return { kind: "jql", jql: rest };
  }
  throw badScope(`"${clip(trimmed)}" is not a scope; expected ${FORMS}`, where);
}

/** A short stable digest of the canonical scope text, for Redis key names. */
export function scopeHash(canonical: string): string {
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

export function badScope(message: string, where = "query.scope", cause?: unknown): ReportError {
  return new ReportError("E_REPORT_BAD_SCOPE", `scope: ${message}`, { where, cause });
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
