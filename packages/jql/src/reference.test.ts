/**
 * Differential fuzzing against Atlassian's reference grammar (@atlaskit/jql-parser):
 * on printed random trees, mutated real queries and random token soup, our parser and
 * the reference must agree on accept/reject. One deliberate disagreement (README): the
 * escape `\u0000` (NUL), which we reject; the generators never produce it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tryParse } from "./parser.js";
import { print } from "./printer.js";
import { queryArbitrary } from "./testing/ast-arbitrary.js";
import { referenceAccepts } from "./testing/reference-parser.js";
import { atlaskitFixtures, invalidCorpus, realCorpus } from "./testing/shared-files.js";

function agree(query: string): void {
  const ours = tryParse(query).ok;
  const reference = referenceAccepts(query);
  expect(ours, `verdicts differ on ${JSON.stringify(query)}: ours ${ours}, reference ${reference}`).toBe(
    reference,
  );
}

const seeds = [
  ...realCorpus().map((row) => row.query),
  ...atlaskitFixtures().flatMap((set) => [...set.valid, ...set.invalid]),
  ...invalidCorpus(),
];

const pieces = [
  " ",
  "(",
  ")",
  ",",
  "[",
  "]",
  "=",
  "!=",
  "!",
  "<",
  ">",
  "<=",
  ">=",
  "~",
  "!~",
  "&",
  "&&",
  "|",
  "||",
  " AND ",
  " OR ",
  " NOT ",
  " IN ",
  " IS ",
  " EMPTY ",
  " NULL ",
  " WAS ",
  " CHANGED ",
  " BEFORE ",
  " AFTER ",
  " FROM ",
  " TO ",
  " ON ",
  " DURING ",
  " BY ",
  " ORDER BY ",
  " ASC",
  " DESC",
  "cf",
  "cf[10010]",
  '"',
  "'",
  "\\",
  "\\u00e9",
  "\\n",
  "\\q",
  "*",
  "@",
  "+",
  ";",
  "{",
  "}",
  "?",
  "select",
  "all",
  "true",
  "123",
  "-5",
  "-5d",
  "foo",
  "bar()",
  "membersOf(x)",
  "\t",
  "\n",
  "\u00a0",
  "é",
  "\u0001",
  "\u201c",
];

const pieceArbitrary = fc.constantFrom(...pieces);

/** One random edit of a seed query: insert, delete, replace or duplicate a span. */
const mutated = fc
  .record({
    seed: fc.constantFrom(...seeds),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom("insert", "delete", "replace", "duplicate"),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 6 }),
        piece: pieceArbitrary,
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ seed, edits }) => {
    let text = seed;
    for (const edit of edits) {
      const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
      const end = Math.min(text.length, at + edit.length);
      if (edit.kind === "insert") text = text.slice(0, at) + edit.piece + text.slice(at);
      else if (edit.kind === "delete") text = text.slice(0, at) + text.slice(end);
      else if (edit.kind === "replace") text = text.slice(0, at) + edit.piece + text.slice(end);
      else text = text.slice(0, end) + text.slice(at, end) + text.slice(end);
    }
    return text;
  });

describe("accept/reject agreement with @atlaskit/jql-parser", () => {
  it("agrees on every seed query", () => {
    for (const query of seeds) agree(query);
  });

  it("agrees on printed random trees (all valid)", () => {
    fc.assert(
      fc.property(queryArbitrary, (tree) => {
        const text = print(tree);
        expect(referenceAccepts(text), text).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("agrees on mutated real queries", () => {
    fc.assert(fc.property(mutated, agree), { numRuns: 4000 });
  });

  it("agrees on random token soup", () => {
    fc.assert(
      fc.property(fc.array(pieceArbitrary, { maxLength: 14 }), (parts) => agree(parts.join(""))),
      { numRuns: 3000 },
    );
  });
});
