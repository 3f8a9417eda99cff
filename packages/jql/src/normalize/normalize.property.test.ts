import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogResolver } from "../catalog-memory.js";
import { JqlError } from "../diagnostics.js";
import { parse } from "../parser.js";
import { plan } from "../plan.js";
import { print } from "../printer.js";
import { queryArbitrary } from "../testing/ast-arbitrary.js";
import { catalogQueryArbitrary } from "../testing/query-arbitrary.js";
import { respell, seededRandom } from "../testing/query-respell.js";
import { SAMPLE_CATALOG } from "../testing/sample-catalog.js";
import { type NormalizeOptions, normalizeQuery } from "./normalize.js";

const resolver = catalogResolver(SAMPLE_CATALOG);
const RUNS = { numRuns: 300 };

function normalizedText(jql: string, options: NormalizeOptions = {}): string {
  return normalizeQuery(parse(jql), { ...options, source: jql }).text;
}

describe("normalize: idempotence", () => {
  it("holds for any syntactically valid query (no resolver)", () => {
    fc.assert(
      fc.property(queryArbitrary, (query) => {
        const once = normalizeQuery(query);
        expect(print(once.query)).toBe(once.text);
        expect(normalizedText(once.text)).toBe(once.text);
      }),
      RUNS,
    );
  });

  it("holds for catalog queries, with and without a resolver", () => {
    fc.assert(
      fc.property(catalogQueryArbitrary(SAMPLE_CATALOG, { unknownValues: false }), (query) => {
        const jql = print(query);
        const plain = normalizedText(jql);
        expect(normalizedText(plain)).toBe(plain);
        const resolved = normalizedText(jql, { resolver });
        expect(normalizedText(resolved, { resolver })).toBe(resolved);
      }),
      RUNS,
    );
  });

  it("makes Stage 1 texts canonical", () => {
    fc.assert(
      fc.property(catalogQueryArbitrary(SAMPLE_CATALOG, { unknownValues: false }), (query) => {
        const p = plan(print(query), { resolver });
        if (p.stage1Text === null) return;
        const again = plan(p.stage1Text, { resolver });
        expect(again.normalizedText).toBe(p.stage1Text);
        expect(again.stage1Text).toBe(p.stage1Text);
      }),
      RUNS,
    );
  });
});

describe("normalize: invariance under re-spelling", () => {
  const respelled = (options: { unknownValues: boolean }) =>
    fc.tuple(catalogQueryArbitrary(SAMPLE_CATALOG, options), fc.noShrink(fc.integer()));

  it("gives one text for keyword case, aliases, quoting, parentheses and operand order (no resolver)", () => {
    fc.assert(
      fc.property(respelled({ unknownValues: true }), ([query, seed]) => {
        const other = respell(query, seededRandom(seed));
        expect(normalizedText(other), other).toBe(normalizedText(print(query)));
      }),
      RUNS,
    );
  });

  it("gives one text with a resolver, and rejects both spellings alike", () => {
    fc.assert(
      fc.property(respelled({ unknownValues: true }), ([query, seed]) => {
        const other = respell(query, seededRandom(seed));
        const outcome = (jql: string) => {
          try {
            return normalizedText(jql, { resolver });
          } catch (e) {
            if (!(e instanceof JqlError)) throw e;
            return e.code;
          }
        };
        expect(outcome(other), other).toBe(outcome(print(query)));
      }),
      RUNS,
    );
  });
});
