import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JqlError } from "./diagnostics.js";
import {
  parseTextQuery,
  type TextTerm,
  textMatcher,
  textQueryToPostgresPatterns,
  wordsOf,
} from "./text-query.js";

const SPAN = { start: 10, end: 20 };
const parseQ = (q: string) => parseTextQuery(q, SPAN);
const matches = (q: string, text: string) => textMatcher(parseQ(q))(text);

/** The reference semantics, written independently of the regular expressions. */
function referenceMatch(terms: readonly TextTerm[], text: string): boolean {
  const words = wordsOf(text).map((w) => w.toLowerCase());
  return terms.every((term) => {
    const wanted = term.words.map((w) => w.toLowerCase());
    const last = wanted.length - 1;
    for (let i = 0; i + last < words.length; i++) {
      let ok = true;
      for (let j = 0; j <= last && ok; j++) {
        const word = words[i + j]!;
        ok = j === last && term.kind === "prefix" ? word.startsWith(wanted[j]!) : word === wanted[j];
      }
      if (ok) return true;
    }
    return false;
  });
}

describe("parseTextQuery", () => {
  it.each([
    ["win", [{ kind: "word", words: ["win"] }]],
    [
      "quick win",
      [
        { kind: "word", words: ["quick"] },
        { kind: "word", words: ["win"] },
      ],
    ],
    ['"full screen"', [{ kind: "phrase", words: ["full", "screen"] }]],
    ["quick-win", [{ kind: "phrase", words: ["quick", "win"] }]],
    ["win*", [{ kind: "prefix", words: ["win"] }]],
    ["quick-wi*", [{ kind: "prefix", words: ["quick", "wi"] }]],
    ["\\[example\\]", [{ kind: "word", words: ["example"] }]],
    [
      '"a\\"b" c',
      [
        { kind: "phrase", words: ["a", "b"] },
        { kind: "word", words: ["c"] },
      ],
    ],
    ['"(x): y?"', [{ kind: "phrase", words: ["x", "y"] }]],
    [
      "été 日本語",
      [
        { kind: "word", words: ["été"] },
        { kind: "word", words: ["日本語"] },
      ],
    ],
    ["foo_bar", [{ kind: "phrase", words: ["foo", "bar"] }]],
    [
      "or and",
      [
        { kind: "word", words: ["or"] },
        { kind: "word", words: ["and"] },
      ],
    ],
    ["a\\ b", [{ kind: "phrase", words: ["a", "b"] }]],
    ["x-*y", null],
  ] as const)("%j", (query, expected) => {
    if (expected === null) expect(() => parseQ(query)).toThrow(JqlError);
    else expect(parseQ(query)).toEqual(expected);
  });

  it.each([
    ["a OR b", /operator OR/],
    ["a AND b", /operator AND/],
    ["NOT a", /operator NOT/],
    ["a && b", /operator &&/],
    ["-a", /'-' before a term/],
    ["+a", /'\+' before a term/],
    ["!a", /'!' before a term/],
    ["a~", /fuzzy/],
    ['"a b"~2', /proximity/],
    ["a^2", /boosting/],
    ["w?n", /'\?'/],
    ["*win", /only supported at the end/],
    ["w*n", /only supported at the end/],
    ["win**", /only supported at the end/],
    ["win-*", /directly follow/],
    ["title:x", /':' is Lucene syntax/],
    ["a/b", /'\/' is Lucene syntax/],
    ["(a)", /'\(' is Lucene syntax/],
    ['"open', /closing quote/],
    ['"a"b', /followed by a space/],
    ["a\\", /trailing backslash/],
    ["--", /'-' before a term/],
    ["...", /no letters or digits/],
    ['""', /no letters or digits/],
    ["   ", /no terms/],
  ])("rejects %j", (query, message) => {
    try {
      parseQ(query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JqlError);
      const e = error as JqlError;
      expect(e.code).toBe("E_TEXT_SYNTAX");
      expect(e.diagnostic.span).toEqual(SPAN);
      expect(e.message).toMatch(message);
    }
  });
});

describe("textMatcher", () => {
  it.each([
    ["win", "We WIN again", true],
    ["win", "window", false],
    ["win", "a-win_b", true],
    ["win*", "Windows", true],
    ["win*", "twin", false],
    ["quick win", "win, and then quick", true],
    ["quick win", "quick", false],
    ['"full screen"', "Full-Screen mode", true],
    ['"full screen"', "full and screen", false],
    ["quick-win", "a quick  win", true],
    ["quick-wi*", "quick windows", true],
    ["quick-wi*", "quick swindle", false],
    ["été", "ÉTÉ chaud", true],
    ["été", "ete", false],
    ["123", "bug 123.", true],
    ["123", "bug 1234", false],
    ["x2", "x2y", false],
    ["foo", "foo\nbar", true],
  ])("%j ~ %j is %s", (query, text, expected) => {
    expect(matches(query, text)).toBe(expected);
  });

  it("renders one pattern per term, identical to the evaluator's", () => {
    const patterns = textQueryToPostgresPatterns(parseQ("a b*"));
    expect(patterns).toHaveLength(2);
    expect(patterns[1]).toContain("b");
    expect(patterns[1]!.endsWith("b")).toBe(true);
  });

  const word = fc.stringMatching(/^[a-zA-Z0-9]{1,4}$/).filter((w) => !["AND", "OR", "NOT"].includes(w));
  const separator = fc.constantFrom(" ", "-", ".", "_", "\n", ", ", "/", "(", "*", "\\");
  const text = fc
    .array(fc.tuple(fc.oneof(word, fc.constantFrom("ab", "AB", "aB1", "b", "x")), separator), {
      maxLength: 8,
    })
    .map((parts) => parts.map(([w, s]) => w + s).join(""));
  const term: fc.Arbitrary<TextTerm> = fc
    .record({
      kind: fc.constantFrom("word" as const, "phrase" as const, "prefix" as const),
      words: fc.array(fc.oneof(word, fc.constantFrom("ab", "b", "a")), { minLength: 1, maxLength: 3 }),
    })
    .map(({ kind, words }) => ({
      kind: kind === "prefix" ? kind : words.length > 1 ? "phrase" : "word",
      words,
    }));

  it("agrees with the reference semantics on ASCII text (property)", () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), text, (terms, t) => {
        expect(textMatcher(terms)(t)).toBe(referenceMatch(terms, t));
      }),
      { numRuns: 2000 },
    );
  });

  it("parses what it renders: words joined by spaces, phrases quoted, prefixes starred (property)", () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), (terms) => {
        const query = terms
          .map((t) =>
            t.kind === "prefix"
              ? `${t.words.join("-")}*`
              : t.kind === "phrase"
                ? `"${t.words.join(" ")}"`
                : t.words[0],
          )
          .join(" ");
        expect(parseQ(query)).toEqual(terms);
      }),
    );
  });
});
