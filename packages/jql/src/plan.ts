/**
 * `plan(jql)`: parse → normalize → split → metadata, everything the sidecar needs to
 * serve a query from its cache, and what `subq jql explain` shows. Pure and
 * synchronous; the sidecar memoizes it by JQL text.
 */
import type { Clause, Query } from "./ast.js";
import type { CatalogResolver } from "./catalog.js";
import { subscriptionHash } from "./hash.js";
import { DEFAULT_METADATA_FIELDS, extractMetadata, type Metadata } from "./metadata.js";
import { normalizeQuery } from "./normalize/normalize.js";
import { textOf } from "./normalize/text.js";
import { type ParseOptions, parse } from "./parser.js";
import { type ClausePlan, split } from "./split/split.js";

export type { ClausePlan } from "./split/split.js";

export interface PlanOptions {
  /** Resolve names to ids and reject what cannot run (the sidecar); absent: syntax only. */
  readonly resolver?: CatalogResolver;
  /** Fields whose value sets go into `metadata`. Default: project, issuetype, status, sprint. */
  readonly metadataFields?: readonly string[];
  readonly parse?: ParseOptions;
}

export interface Plan {
  readonly jql: string;
  readonly query: Query;
  readonly normalized: Query;
  readonly normalizedText: string;
  /** The cached static predicate; null when the query is Stage-2-only. */
  readonly stage1: Clause | null;
  readonly stage1Text: string | null;
  /** Hash of `stage1Text` (the subscription id within a tenant); null when Stage-2-only. */
  readonly subscription: string | null;
  /** Run per request over the Stage 1 ids; null when only permission filtering is left. */
  readonly stage2: Query | null;
  readonly stage2Text: string | null;
  readonly stage2Only: boolean;
  readonly metadata: Metadata;
  readonly clauses: readonly ClausePlan[];
}

/** A plan without its syntax trees: what `subq jql explain --json` prints. */
export type PlanJson = Omit<Plan, "query" | "normalized" | "stage1" | "stage2">;

export function plan(jql: string, options: PlanOptions = {}): Plan {
  const query = parse(jql, options.parse);
  const normalized = normalizeQuery(query, { resolver: options.resolver, source: jql });
  const { texts } = normalized;
  const { stage1, stage2, clauses } = split(normalized.query, {
    texts,
    resolver: options.resolver,
    fields: normalized.fields,
  });
  const stage1Text = stage1 ? textOf(stage1, texts) : null;
  let stage2Text: string | null = null;
  if (stage2) {
    const whereText = stage2.where ? textOf(stage2.where, texts) : "";
    const orderText = normalized.orderText;
    stage2Text = whereText && orderText ? `${whereText} ${orderText}` : whereText || orderText;
  }
  return {
    jql,
    query,
    normalized: normalized.query,
    normalizedText: normalized.text,
    stage1,
    stage1Text,
    subscription: stage1Text === null ? null : subscriptionHash(stage1Text),
    stage2,
    stage2Text,
    stage2Only: stage1 === null,
    metadata: extractMetadata(stage1, options.metadataFields ?? DEFAULT_METADATA_FIELDS),
    clauses,
  };
}

export function planToJson(p: Plan): PlanJson {
  const { query: _q, normalized: _n, stage1: _s1, stage2: _s2, ...json } = p;
  return json;
}
