/**
 * The `~` text query against the real Postgres: for generated texts and queries, the
 * evaluator's verdict (`textMatcher`) equals `text ~* pattern` for every pattern of
 * `textQueryToPostgresPatterns` (docs/jql-semantics.md §5). No tables: one statement per
 * batch over `unnest` of (text, pattern) pairs.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JqlError } from "../../packages/jql/src/diagnostics.js";
import {
  parseTextQuery,
  type TextTerm,
  textMatcher,
  textQueryToPostgresPatterns,
} from "../../packages/jql/src/text-query.js";

interface Pg {
  unsafe(query: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  end(options?: { timeout?: number }): Promise<void>;
}

// The postgres driver is a dependency of the sidecar package; resolve it from there.
const postgres = createRequire(new URL("../../packages/sidecar/package.json", import.meta.url))(
  "postgres",
) as (url: string, options: Record<string, unknown>) => Pg;

const URL_ = process.env.SUBQ_TEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SPAN = { start: 0, end: 1 };
let sql: Pg;

beforeAll(() => {
  sql = postgres(URL_, { max: 1, connect_timeout: 10, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end({ timeout: 5 });
});

/** Postgres's verdict for each (text, pattern) pair. */
async function pgMatches(pairs: readonly (readonly [string, string])[]): Promise<boolean[]> {
  const rows = await sql.unsafe(
    "select t ~* p as m from unnest($1::text[], $2::text[]) with ordinality as x(t, p, n) order by n",
    [pairs.map(([t]) => t), pairs.map(([, p]) => p)],
  );
  return rows.map((row) => row.m as boolean);
}

/** Compares both engines on every (query, text) case, term by term and as a whole. */
async function compare(cases: readonly { terms: readonly TextTerm[]; text: string }[]): Promise<void> {
  const pairs: [string, string][] = [];
  for (const { terms, text } of cases)
    for (const pattern of textQueryToPostgresPatterns(terms)) pairs.push([text, pattern]);
  const verdicts = await pgMatches(pairs);
  let k = 0;
  for (const { terms, text } of cases) {
    const pg = terms.map(() => verdicts[k++]!);
    const js = terms.map((term) => textMatcher([term])(text));
    expect({ terms, text, verdicts: js }).toEqual({ terms, text, verdicts: pg });
    expect(textMatcher(terms)(text)).toBe(pg.every(Boolean));
  }
}

const WORDS = ["a", "ab", "AB", "abc", "b", "x1", "X1", "10", "win", "Win", "windows"];
const SEPARATORS = [
  " ",
  "  ",
  "-",
  ".",
  "_",
  "\n",
  "\t",
  ", ",
  "/",
  "(",
  ")",
  "*",
  "\\",
  "'",
  '"',
  "[",
  "]",
  "|",
  "~",
  "\u0001",
  "\u007f",
];
const asciiText = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 8 })
  .chain((parts) =>
    fc
      .tuple(fc.constantFrom("", ...SEPARATORS), fc.constant(parts))
      .map(([lead, ps]) => lead + ps.map(([w, s]) => w + s).join("")),
  );
const queryText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...WORDS),
      fc.constantFrom(...WORDS).map((w) => `${w}*`),
      fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 3 }).map((ws) => `"${ws.join(" ")}"`),
      fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 3 }).map((ws) => ws.join("-")),
      fc.constantFrom("a.b*", "x1_ab", "\\[ab\\]"),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((ts) => ts.join(" "));

function parsed(query: string): readonly TextTerm[] | null {
  try {
    return parseTextQuery(query, SPAN);
  } catch (error) {
    if (error instanceof JqlError) return null;
    throw error;
  }
}

describe("text query: JavaScript matcher vs Postgres ~*", () => {
  it("agrees on generated ASCII texts and queries", async () => {
    const samples = fc.sample(fc.tuple(queryText, asciiText), { numRuns: 4000, seed: 20_240_515 });
    const cases = samples.flatMap(([query, text]) => {
      const terms = parsed(query);
      return terms ? [{ terms, text }] : [];
    });
    expect(cases.length).toBeGreaterThan(3500);
    await compare(cases);
  });

  it("agrees on arbitrary printable ASCII texts", async () => {
    const text = fc.string({
      unit: fc.integer({ min: 1, max: 127 }).map((c) => String.fromCharCode(c)),
      maxLength: 30,
    });
    const samples = fc.sample(fc.tuple(queryText, text), { numRuns: 2000, seed: 7 });
    await compare(
      samples.flatMap(([query, t]) => (parsed(query) ? [{ terms: parsed(query)!, text: t }] : [])),
    );
  });

  it("treats non-ASCII characters as word characters in both engines", async () => {
    const cases = [
      ["été", "un été chaud"],
      ["été", "étés"],
      ["日本", "日本語"],
      ["日本*", "日本語のテキスト"],
      ["naïve", "a naïve-idea"],
      ["x", "x\u00a0y"],
      ["x", "x\u2014y"],
      ["😀", "say 😀!"],
      ["😀", "say😀"],
      ['"über alles"', "über-alles, Über alles"],
    ].map(([query, text]) => ({ terms: parseTextQuery(query!, SPAN), text: text! }));
    await compare(cases);
  });
});
