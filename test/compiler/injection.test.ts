/**
 * Hostile values are data. For every place a value reaches the compiler (literals of
 * every kind of field, function arguments, history operands, text queries), a hostile
 * value yields the SQL text of a benign one (only parameters change), never appears in
 * the text, runs without a database error, and answers what the evaluator answers, on a
 * tenant whose data holds the hostile values themselves.
 */
import { describe, expect, it } from "vitest";
import type { Dataset, Literal, Query } from "../../packages/jql/src/index.js";
import { JqlError, parse, print } from "../../packages/jql/src/index.js";
import { compileDirect, compileStage1 } from "../../packages/sidecar/src/db/compiler/index.js";
import { checkCase } from "./support/differential.js";
import { edgeFixture, FIXTURE_NOW } from "./support/fixture.js";
import { useFixtureTenant } from "./support/fixture-tenant.js";
import { ALL, evaluatorIds, type Harness, requestOf } from "./support/harness.js";

const DROP = "'; DROP TABLE issues; --";
const HOSTILE = [
  DROP,
  "'",
  "''",
  '"',
  "\\",
  "\\'",
  "$1",
  "$2::text[]",
  "--",
  "/* x */",
  "); DELETE FROM issues WHERE (1=1",
  '{a,"b"}',
  "NULL",
  "é Ω 𝄞 中文",
  "\u0001\u0007\u001b\u007f",
  "a\u2028b\u00a0c",
  "%_*?",
  "x".repeat(100_000),
];

/** Queries with a `@` where the value goes (as one literal, or inside a list). */
const SHAPES = [
  "labels = @",
  "labels in (a, @, EMPTY)",
  "labels != @",
  "assignee = @",
  "reporter in (@, bob)",
  "component = @",
  "issuekey = @",
  "key in (PUB-1, @)",
  "key < @",
  "parent = @",
  "status = @",
  "project != @",
  "Tags = @",
  "Team = @",
  "Severity in (@, Critical)",
  "Reviewer = @",
  '"Story Points" = @',
  "votes > @",
  "originalEstimate > @",
  "created > @",
  "due <= @",
  "summary ~ @",
  "text ~ @",
  "status WAS @",
  "status WAS 1 BY @",
  "assignee CHANGED FROM @ TO bob AFTER @",
  "status WAS IN (1, @) DURING (@, 2024-12-31)",
  "assignee in membersOf(@)",
  "project in projectsLeadByUser(@)",
  "component in componentsLeadByUser(@)",
  "fixVersion in releasedVersions(@)",
  "project in projectsWhereUserHasRole(@)",
];

/** The shape with the value spliced in as a quoted literal, parsed. */
function queryOf(shape: string, value: string): Query {
  return withValue(parse(shape.replaceAll("@", '"__value__"')), value);
}

/** Replaces every literal "__value__" of the tree with `value`. */
function withValue<T>(node: T, value: string): T {
  if (Array.isArray(node)) return node.map((item) => withValue(item, value)) as T;
  if (node === null || typeof node !== "object") return node;
  const literal = node as unknown as Literal;
  if (literal.kind === "value" && literal.value === "__value__") return { ...literal, value } as T;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withValue(v, value)])) as T;
}

function withLabel(query: Query, label: string): Query {
  return JSON.parse(JSON.stringify(query).replaceAll("__label__", JSON.stringify(label).slice(1, -1)));
}

const dataset: Dataset = {
  ...edgeFixture,
  catalog: {
    ...edgeFixture.catalog,
    users: [
      ...edgeFixture.catalog.users,
      { id: DROP, displayName: "$1", email: "\\'@example.com", active: true },
    ],
    components: [...edgeFixture.catalog.components, { id: 4, name: DROP, projectId: 1, lead: DROP }],
  },
  issues: [
    ...edgeFixture.issues,
    {
      ...edgeFixture.issues[0]!,
      id: 9,
      key: "PUB-11",
      summary: `Quote ' and " and \\ and $1 and -- and ${DROP} and é Ω`,
      labels: HOSTILE.filter((v) => v.length < 100),
      assignee: DROP,
      componentIds: [4],
      watchers: [],
      voters: [],
      customFields: { 107: ["$1", DROP] },
    },
  ],
  comments: [
    ...edgeFixture.comments,
    { id: 6, issueId: 9, author: DROP, body: `${DROP} /* x */ $2`, created: FIXTURE_NOW, visibility: null },
  ],
};

describe("hostile values", () => {
  let h: Harness;
  useFixtureTenant(
    "compiler_injection",
    (opened) => {
      h = opened;
    },
    dataset,
  );

  const searcher = { user: "alice", now: FIXTURE_NOW };
  const compiledText = (query: Query) => {
    try {
      return compileDirect(query, h.compiler, requestOf(h, searcher), ALL).text;
    } catch (error) {
      if (error instanceof JqlError) return error.code;
      throw error;
    }
  };

  it.each(SHAPES)("%s: the text is the benign value's, the answer the evaluator's", async (shape) => {
    const benign = compiledText(queryOf(shape, "benign"));
    for (const value of HOSTILE) {
      const query = queryOf(shape, value);
      const text = compiledText(query);
      // A text query may reject the value (E_TEXT_SYNTAX); then so does the evaluator (checkCase).
      if (!text.startsWith("E_")) {
        expect(text, JSON.stringify(value)).toBe(benign);
        if (value.length > 2 && !benign.includes(value)) expect(text.includes(value)).toBe(false);
      }
      if (value.length > 1000 && shape.includes("~")) continue; // a search term too long to plan: below
      const outcome = await checkCase(h, { query, searcher, page: ALL });
      expect(outcome.mismatch, `${print(query).slice(0, 200)}`).toBeNull();
    }
  });

  it("a search term too long to plan is refused before it reaches Postgres", async () => {
    // The evaluator's RegExp fails on it too (SyntaxError: too large); Postgres spends
    // seconds planning a pattern this long, so the compiler bounds terms (text.ts).
    const query = queryOf("summary ~ @", "x".repeat(100_000));
    expect(compiledText(query)).toBe("E_BAD_VALUE");
    expect(() => evaluatorIds(h, query, searcher)).toThrow(SyntaxError);
    expect(compiledText(queryOf("summary ~ @", "x ".repeat(17)))).toBe("E_BAD_VALUE");
    expect(compiledText(queryOf("summary ~ @", "x".repeat(1000)))).toBe(
      compiledText(queryOf("summary ~ @", "x")),
    );
  });

  it("finds the hostile values where they are stored", async () => {
    for (const jql of [
      `labels = "'; DROP TABLE issues; --"`,
      "labels = '$1'",
      'Tags = "$1"',
      `assignee = "$1"`,
    ]) {
      const outcome = await checkCase(h, { query: parse(jql), searcher, page: ALL });
      expect(outcome.mismatch).toBeNull();
      expect(outcome.matches, jql).toBe(1);
    }
    const [row] = await h.db.sql`SELECT count(*)::int AS n FROM issues`;
    expect(row!.n).toBe(dataset.issues.length);
  });

  it("writes no value into Stage 1 text either", () => {
    const stage1 = (label: string, phrase: string) => {
      const query = withValue(parse('labels = "__label__" OR summary ~ "__value__"'), phrase);
      return compileStage1(withLabel(query, label).where, h.compiler).text;
    };
    const text = stage1(DROP, `"${DROP}"`);
    expect(text).toBe(stage1("benign", "benign"));
    expect(text).not.toContain("DROP");
  });
});
