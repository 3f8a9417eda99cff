/**
 * The same query shape yields byte-identical SQL text (STYLE.md "Parser and compiler"):
 * for generated queries, changing every value (other names, ids, dates, users, text
 * terms, more or fewer items in a list) changes the parameters only. Pure: no database.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clause, HistoryPredicate, Literal, Operand, Query } from "../../packages/jql/src/index.js";
import { parse as parseQuery } from "../../packages/jql/src/index.js";
import { FIXTURE_NOW, FIXTURE_ZONE, fixtureDataset } from "../../packages/jql/src/testing/fixture-dataset.js";
import { catalogQueryArbitrary } from "../../packages/jql/src/testing/query-arbitrary.js";
import {
  compileDirect,
  compileStage1,
  createCompilerCatalog,
  createPermissionContext,
} from "../../packages/sidecar/src/db/compiler/index.js";

const catalog = fixtureDataset.catalog;
const compiler = createCompilerCatalog(catalog, { timeZone: FIXTURE_ZONE });
const request = {
  search: { user: "bob", now: FIXTURE_NOW },
  permissions: createPermissionContext(catalog, "bob"),
};
const PAGE = { startAt: 0, maxResults: 50 };

const NAMES = [
  "Open",
  "PUB",
  "alice",
  "bob@example.com",
  "UI",
  "2.0",
  "Sprint 1",
  "Critical",
  "frontend",
  "PUB-1",
  "nope",
  "x y",
  "'; --",
];
const DATES = ["2024-01-15", "2023/12/31 23:59", "-1d", "0", "-4w 2d", "1h", "not a date"];
const WORDS = ["login", "firefox*", '"quick win"', "report docs", "é"];

/** Other values for every literal, and other list lengths, keeping the tree's shape. */
function revalue(query: Query, pick: (n: number) => number): Query {
  const value = (lit: Literal, text: boolean): Literal => {
    if (text) return { ...lit, value: WORDS[pick(WORDS.length)]! };
    if (lit.number) return { ...lit, value: String(pick(20_000)) };
    const pool = pick(2) === 0 ? NAMES : DATES;
    return { ...lit, value: pool[pick(pool.length)]! };
  };
  const operand = (op: Operand, text: boolean, resize: boolean): Operand => {
    if (op.kind === "value") return value(op, text);
    if (op.kind !== "list") return op;
    let items = op.items.map((item) => operand(item, text, resize));
    if (resize) {
      const literals = items.filter((item) => item.kind === "value");
      const others = items.filter((item) => item.kind !== "value");
      const extra = literals.length > 0 ? Array.from({ length: pick(4) }, () => literals[0]!) : [];
      const kept = literals.slice(0, Math.max(others.length > 0 ? 0 : 1, pick(literals.length + 1)));
      items = [...kept, ...extra, ...others];
    }
    return { ...op, items };
  };
  const predicate = (p: HistoryPredicate): HistoryPredicate => ({
    ...p,
    operand: operand(p.operand, false, p.type !== "during"),
  });
  const clause = (c: Clause): Clause => {
    switch (c.kind) {
      case "terminal": {
        const text = c.operator === "~" || c.operator === "!~";
        return {
          ...c,
          operand: c.operand && operand(c.operand, text, true),
          predicates: c.predicates.map(predicate),
        };
      }
      case "not":
        return { ...c, clause: clause(c.clause) };
      default:
        return { ...c, clauses: c.clauses.map(clause) };
    }
  };
  return { ...query, where: query.where && clause(query.where) };
}

function attempt(run: () => string): string | null {
  try {
    return run();
  } catch {
    return null; // a value may make the query invalid (a text query without words): not a shape
  }
}

describe("SQL text depends on the query's shape only", () => {
  it("for generated queries with every value changed", () => {
    let compared = 0;
    fc.assert(
      fc.property(
        catalogQueryArbitrary(catalog),
        fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
        (query, randoms) => {
          let k = 0;
          const pick = (n: number) => randoms[k++ % randoms.length]! % n;
          const other = revalue(query, pick);
          const [a, b] = [query, other].map((q) =>
            attempt(() => compileDirect(q, compiler, request, PAGE).text),
          );
          if (a === null || b === null) return;
          compared++;
          expect(b).toBe(a);
          const [s1, s2] = [query, other].map((q) => attempt(() => compileStage1(q.where, compiler).text));
          if (s1 !== null && s2 !== null) expect(s2).toBe(s1);
        },
      ),
      { seed: 42, numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(250);
  });

  it("for lists of any length", () => {
    const text = (jql: string) => compileDirect(parseQuery(jql), compiler, request, PAGE).text;
    expect(text("status in (1)")).toBe(text("status in (1, 2, 3, Open, Done, 99)"));
    expect(text('summary ~ "a"')).toBe(text('summary ~ "a b c d e f"'));
    expect(text("key = PUB-1")).toBe(text("key = 10"));
    expect(text("resolution in (Fixed, Unresolved)")).toBe(text("resolution in (Fixed, Done)"));
  });
});
