/**
 * The limits of a page of results, in one place: the search request schema (and so the
 * OpenAPI document), the engine's `pageOf` and the SQL compiler all read them, so a page
 * one accepts the others accept too.
 *
 * - `startAt`: 0 to 2^31−1. Jira's startAt is an int, so is the `OFFSET` parameter of the
 *   compiled SQL, and the Stage 2 cache key (`startAt × 1001 + maxResults`) stays an exact
 *   integer far below 2^53.
 * - `maxResults`: 1 to 1000, 50 when left out. The cache key is one-to-one only while
 *   maxResults ≤ 1000.
 * - `maxStatementRows`: the largest page the compiler builds a statement for. Requests
 *   never ask for more than `maxResults`; the rest of the room is for callers that read a
 *   whole answer at once (the differential tests compare every matching id).
 */
export const PAGE_LIMITS = Object.freeze({
  maxStartAt: 2_147_483_647,
  maxResults: 1_000,
  defaultMaxResults: 50,
  maxStatementRows: 100_000,
});

/** What is wrong with a page, as "startAt must be ..." or "maxResults must be ..."; undefined when it is fine. */
export function pageProblem(
  page: { readonly startAt: number; readonly maxResults: number },
  maxResults: number,
) {
  if (!isWholeIn(page.startAt, 0, PAGE_LIMITS.maxStartAt)) {
    return { field: "startAt", message: `must be ${wholeNumberFrom(0, PAGE_LIMITS.maxStartAt)}` } as const;
  }
  if (!isWholeIn(page.maxResults, 1, maxResults)) {
    return { field: "maxResults", message: `must be ${wholeNumberFrom(1, maxResults)}` } as const;
  }
  return undefined;
}

/** `a whole number from 0 to 2147483647`: how the schema and the engine word a range. */
export function wholeNumberFrom(min: number, max: number): string {
  return `a whole number from ${min} to ${max}`;
}

function isWholeIn(value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
