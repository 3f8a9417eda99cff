/**
 * Helpers for the evaluator's tests over the fixture dataset: the keys a JQL matches
 * (no permissions) or finds (permissions and ORDER BY), and the error a JQL raises;
 * test tables write the keys they expect as one string ("PUB-1 PUB-2", "" for none).
 */
import { expect, it } from "vitest";
import { JqlError } from "../diagnostics.js";
import type { SearchContext, UserId } from "../model.js";
import { parse } from "../parser.js";
import { FIXTURE_NOW, fixtureContext, fixtureDataset } from "../testing/fixture-dataset.js";
import { indexDataset } from "./dataset-index.js";
import { createEvalEnv, type EvalEnv } from "./env.js";
import { evaluate, searchIssues } from "./query.js";

export const FIXTURE_INDEX = indexDataset(fixtureDataset);

export function fixtureEnv(
  user: UserId | null = "alice",
  context: Partial<SearchContext> = {},
  source = "",
): EvalEnv {
  return createEvalEnv(FIXTURE_INDEX, { ...fixtureContext(user, FIXTURE_NOW), ...context }, { source });
}

/** Keys of the issues the WHERE clause matches, ignoring permissions, sorted by id. */
export function matchingKeys(
  jql: string,
  user: UserId | null = "alice",
  context: Partial<SearchContext> = {},
): string[] {
  const where = parse(jql).where;
  const env = fixtureEnv(user, context, jql);
  return fixtureDataset.issues.filter((issue) => evaluate(where, issue, env)).map((issue) => issue.key);
}

/** Keys found by the whole query for the searcher: permissions applied, in ORDER BY order. */
export function searchKeys(
  jql: string,
  user: UserId | null = "alice",
  context: Partial<SearchContext> = {},
): string[] {
  return searchIssues(parse(jql), fixtureEnv(user, context, jql)).map((issue) => issue.key);
}

/** The JqlError a query raises when evaluated (compiled), or undefined. */
export function evaluationError(jql: string): JqlError | undefined {
  try {
    searchKeys(jql);
    return undefined;
  } catch (error) {
    if (error instanceof JqlError) return error;
    throw error;
  }
}

/** "PUB-1 PUB-2" → ["PUB-1", "PUB-2"]; "" → []. */
export function keyList(keys: string): string[] {
  return keys === "" ? [] : keys.split(" ");
}

/** One test per row: as the user, the JQL's WHERE matches exactly the keys listed, in id order. */
export function itMatchesAs(
  rows: readonly (readonly [jql: string, user: UserId | null, expected: string])[],
): void {
  it.each(rows)("%s (as %s)", (jql, user, expected) => {
    expect(matchingKeys(jql, user)).toEqual(keyList(expected));
  });
}
