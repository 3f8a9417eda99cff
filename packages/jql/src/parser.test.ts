import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JqlError, renderDiagnostic } from "./diagnostics.js";
import { parse, tryParse } from "./parser.js";
import { print } from "./printer.js";
import { queryArbitrary } from "./testing/ast-arbitrary.js";
import { atlaskitFixtures, invalidCorpus, realCorpus } from "./testing/shared-files.js";
import { stripSpans } from "./testing/strip-spans.js";

function expectRejected(query: string): JqlError {
  const result = tryParse(query);
  if (result.ok) throw new Error(`accepted but should be rejected: ${JSON.stringify(query)}`);
  const d = result.error.diagnostic;
  expect(d.line).toBeGreaterThanOrEqual(1);
  expect(d.column).toBeGreaterThanOrEqual(1);
  expect(d.span.start).toBeLessThanOrEqual(query.length);
  if (d.code !== "E_JQL_TOO_DEEP" && d.code !== "E_JQL_TOO_LONG") {
    expect(d.message).toMatch(/^expected .+ but found .+/s);
  }
  return result.error;
}

function expectRoundTrip(query: string): void {
  const tree = parse(query);
  const printed = print(tree);
  expect(stripSpans(parse(printed)), `${query} → ${printed}`).toEqual(stripSpans(tree));
  expect(print(parse(printed))).toBe(printed);
}

describe("Atlassian's parser test vectors", () => {
  for (const set of atlaskitFixtures()) {
    it(`${set.file}: ${set.valid.length} valid accepted and round-tripped`, () => {
      for (const query of set.valid) expectRoundTrip(query);
    });
    it(`${set.file}: ${set.invalid.length} invalid rejected with a position`, () => {
      for (const query of set.invalid) expectRejected(query);
    });
  }
});

describe("real-world corpus", () => {
  const corpus = realCorpus();
  it("accepts every OK row", () => {
    const ok = corpus.filter((row) => row.verdict === "OK");
    expect(ok.length).toBeGreaterThan(250);
    for (const row of ok) expectRoundTrip(row.query);
  });
  it("rejects every ERROR row", () => {
    const errors = corpus.filter((row) => row.verdict === "ERROR");
    expect(errors.length).toBeGreaterThan(10);
    for (const row of errors) expectRejected(row.query);
  });
  it("rejects every line of invalid.txt with a position", () => {
    const lines = invalidCorpus();
    expect(lines.length).toBe(101);
    for (const line of lines) expectRejected(line);
  });
});

describe("tree shapes", () => {
  const where = (q: string) => stripSpans(parse(q).where);
  const term = (field: string, op: string, value: string) => ({
    kind: "terminal",
    field: { kind: "field", name: { kind: "name", text: field, number: false }, properties: [] },
    operator: op,
    operand: { kind: "value", value, number: false },
    predicates: [],
  });

  it("binds NOT tighter than AND tighter than OR", () => {
    expect(where("a = 1x OR b = 2x AND NOT c = 3x")).toEqual({
      kind: "or",
      clauses: [
        term("a", "=", "1x"),
        { kind: "and", clauses: [term("b", "=", "2x"), { kind: "not", clause: term("c", "=", "3x") }] },
      ],
    });
  });

  it("reads symbolic operators, NULL and any keyword case", () => {
    expect(print(parse("a = x && !b = y || c is null order BY d desc"))).toBe(
      "a = x AND NOT b = y OR c IS EMPTY ORDER BY d DESC",
    );
  });

  it("keeps parenthesised same-kind groups nested so printing is exact", () => {
    const query = "(a = x AND b = y) AND c = z";
    expect(print(parse(query))).toBe("(a = x AND b = y) AND c = z");
    expect(print(parse("a = x AND (b = y OR c = z)"))).toBe("a = x AND (b = y OR c = z)");
  });

  it("parses the empty query and an ORDER-BY-only query", () => {
    expect(parse("")).toMatchObject({ where: null, orderBy: null });
    expect(parse("   \n ")).toMatchObject({ where: null, orderBy: null });
    const q = parse("ORDER BY created DESC, cf[10010], rank");
    expect(q.where).toBeNull();
    expect(q.orderBy?.keys.map((k) => k.direction)).toEqual(["desc", null, null]);
  });

  it("decodes escapes and keeps numbers apart from strings", () => {
    const q = parse(String.raw`summary ~ "a\"b\\c\u00e9\n" AND x = 10 AND y = "10" AND z = -5d`);
    const values = JSON.stringify(stripSpans(q.where));
    expect(values).toContain(JSON.stringify({ kind: "value", value: 'a"b\\cé\n', number: false }));
    expect(values).toContain(JSON.stringify({ kind: "value", value: "10", number: true }));
    expect(values).toContain(JSON.stringify({ kind: "value", value: "10", number: false }));
    expect(values).toContain(JSON.stringify({ kind: "value", value: "-5d", number: false }));
  });

  it("parses history operators with predicates in any order", () => {
    const q = parse(
      'status CHANGED FROM (Open, Reopened) TO "In Progress" BY u1 DURING ("2020/01/01", now())',
    );
    const clause = q.where;
    expect(clause?.kind).toBe("terminal");
    if (clause?.kind !== "terminal") return;
    expect(clause.operator).toBe("changed");
    expect(clause.operand).toBeNull();
    expect(clause.predicates.map((p) => p.type)).toEqual(["from", "to", "by", "during"]);
    expect(parse("assignee WAS NOT IN (a, b) BEFORE -1d").where).toMatchObject({ operator: "was not in" });
  });

  it("parses property references and custom field references", () => {
    const q = parse(
      "issue.property[myKey].a.b = 1 AND cf [ 10010 ] [x] .y = 2 AND development [ commits ] . all = 3",
    );
    expect(print(q)).toBe(
      "issue.property[myKey].a.b = 1 AND cf[10010][x].y = 2 AND development[commits]. all = 3",
    );
    expectRoundTrip("development [ commits ] . all = 3");
  });

  it("reports spans that point at the clause text", () => {
    const source = 'project = FOO AND status IN (Open, "In Progress")';
    const q = parse(source);
    if (q.where?.kind !== "and") throw new Error("expected AND");
    const second = q.where.clauses[1]!;
    expect(source.slice(second.span.start, second.span.end)).toBe('status IN (Open, "In Progress")');
  });
});

describe("limits", () => {
  it("accepts 1,000 levels of parentheses and rejects 1,001 with a clear error", () => {
    const nest = (n: number) => `${"(".repeat(n)}a = b${")".repeat(n)}`;
    expect(parse(nest(1000)).where?.kind).toBe("terminal");
    const error = expectRejected(nest(1001));
    expect(error.code).toBe("E_JQL_TOO_DEEP");
    expect(error.message).toContain("1000 levels");
  });

  it("bounds NOT chains and nested lists by the same depth limit", () => {
    expect(tryParse(`${"NOT ".repeat(1001)}a = b`)).toMatchObject({ ok: false });
    expect(tryParse(`a in ${"(".repeat(1001)}b${")".repeat(1001)}`)).toMatchObject({ ok: false });
    expect(tryParse(`${"NOT ".repeat(50)}a = b`, { maxDepth: 10 })).toMatchObject({ ok: false });
  });

  it("rejects over-long input before scanning it", () => {
    const result = tryParse("a = b OR ".repeat(10) + "a = b", { maxLength: 20 });
    if (result.ok) throw new Error("accepted");
    expect(result.error.code).toBe("E_JQL_TOO_LONG");
    expect(result.error.message).toContain("the limit is 20");
  });

  it("parses a 5,000-term OR chain", () => {
    const q = parse(Array.from({ length: 5000 }, (_, i) => `f${i} = v${i}`).join(" OR "));
    expect(q.where?.kind === "or" && q.where.clauses.length).toBe(5000);
  });
});

describe("diagnostics", () => {
  it("render the source line with a caret under the offending token", () => {
    const source = "project = FOO\nAND AND status = Open";
    const error = expectRejected(source);
    expect(renderDiagnostic(source, error.diagnostic)).toBe(
      "line 2, column 5: expected a field name, NOT or '(' but found 'AND' " +
        '(a keyword; quote it to use it as a name or value: "AND")\n  AND AND status = Open\n      ^^^',
    );
  });

  it("say what was expected and what was found", () => {
    expect(expectRejected("status = select").message).toContain("'select', a reserved word");
    expect(expectRejected('summary ~ "abc').message).toContain("unterminated string");
    expect(expectRejected("assignee in membersOf(currentUser())").message).toContain("nested function calls");
    expect(expectRejected('"Story Points" > EMPTY').message).toContain("use IS EMPTY");
  });

  it("reject the NUL character, raw or escaped, with its span (Postgres text cannot hold it)", () => {
    for (const [source, start, end] of [
      ['summary ~ "a\\u0000b"', 12, 18],
      ["labels = a\\u0000", 10, 16],
      ['assignee = "\u0000"', 12, 13],
    ] as const) {
      const error = expectRejected(source);
      expect(error.code).toBe("E_JQL_LEXICAL");
      expect(error.diagnostic.span).toEqual({ start, end });
      expect(error.message).toMatch(/U\+0000/);
    }
    expect(parse('labels = "a\\u0001"')).toBeTruthy();
  });

  it("never throws anything but JqlError, whatever the input", () => {
    const alphabet = fc.constantFrom(
      ..."ab =!<>~()[],\"'\\u0-9&|*@\n\t".split(""),
      " AND ",
      " OR ",
      "NOT ",
      "IN",
      "EMPTY",
      "cf",
      "was",
      "order by ",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const source = parts.join("");
        try {
          parse(source);
        } catch (error) {
          if (!(error instanceof JqlError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("printer", () => {
  it("prints any tree to text that parses back to the same tree", () => {
    fc.assert(
      fc.property(queryArbitrary, (tree) => {
        const printed = print(tree);
        expect(stripSpans(parse(printed)), printed).toEqual(stripSpans(tree));
      }),
      { numRuns: 2000 },
    );
  });
});
