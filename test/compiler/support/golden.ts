/**
 * Golden files of compiled SQL: each case's JQL, statement kind, SQL text (laid out for
 * reading: a line per AND/OR at its parenthesis depth, which only inserts newlines, so
 * equal layouts mean byte-equal texts) and parameters. `UPDATE_GOLDEN=1` rewrites them.
 */
import { readFileSync, writeFileSync } from "node:fs";

export interface GoldenCase {
  readonly jql: string;
  readonly kind: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** The SQL with a line break (indented by parenthesis depth) before every top-level-ish keyword. */
export function layout(text: string): string {
  if (text.includes("\n")) throw new Error("compiled SQL has no newlines");
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") quoted = !quoted;
    if (!quoted) {
      if (ch === "(") depth++;
      if (ch === ")") depth--;
      const rest = text.slice(i);
      const keyword = /^ (AND|OR|UNION ALL|WHERE|ORDER BY|LEFT JOIN|LIMIT) /.exec(rest);
      if (keyword) {
        out += `\n${"  ".repeat(depth + 1)}`;
        continue; // drop the space before the keyword
      }
    }
    out += ch;
  }
  return out;
}

export function render(cases: readonly GoldenCase[]): string {
  return cases
    .map((c) => {
      const values = c.values.map((v, k) => `-- $${k + 1} = ${JSON.stringify(v)}\n`).join("");
      return `-- ${c.kind}: ${c.jql}\n${layout(c.text)};\n${values}`;
    })
    .join("\n");
}

/** The golden file's content, or (UPDATE_GOLDEN=1) `actual` after writing it. */
export function golden(path: URL, actual: string): string {
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(path, actual);
    return actual;
  }
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new Error(`missing golden file ${path.pathname}; run with UPDATE_GOLDEN=1 and review it`);
  }
}
