/**
 * How configuration problems read: where (the option and where its value came from),
 * what was wrong, and how to fix it. Origins are labels such as `SUBQ_PORT` or
 * `config file ./subq.json`, recorded by loadOptions per option key.
 */
import { SubqError } from "../errors.js";
import type { OptionSpec } from "./reference.js";

/** Option key → where its value came from. */
export type Origins = Readonly<Record<string, string>>;

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === undefined) return "nothing";
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return String(value);
  }
}

/** `port (from SUBQ_PORT)`, or the bare key for programmatic options. */
export function whereOf(key: string, origins: Origins): string {
  const origin = origins[key];
  return origin === undefined ? key : `${key} (from ${origin})`;
}

/** How to set a valid value, in the terms of where the bad one came from. */
export function fixOf(spec: OptionSpec, origins: Origins): string {
  const example =
    spec.default === null || typeof spec.default === "object" ? "" : `, e.g. ${envExample(spec)}`;
  const origin = origins[spec.key];
  if (origin === spec.env) return `fix ${spec.env}${example}`;
  if (origin?.startsWith("config file")) {
    const json = example && `, e.g. "${spec.key.split(".").pop()}": ${JSON.stringify(spec.default)}`;
    return `fix "${spec.key}" in the ${origin}${json}`;
  }
  return `set ${spec.key} or ${spec.env}${example}`;
}

function envExample(spec: OptionSpec): string {
  return `${spec.env}=${String(spec.default)}`;
}

/** Up to three close names (edit distance within a third of the length, at least 2), closest first. */
export function closest(
  name: string,
  candidates: readonly string[],
  limit = Math.max(2, Math.floor(name.length / 3)),
): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, d: editDistance(lower, candidate.toLowerCase()) }))
    .filter(({ candidate, d }) => d <= limit || candidate.toLowerCase().includes(lower))
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** One error for all problems found, so a configuration is fixed in one round. */
export function configError(problems: readonly { key: string; message: string }[]): SubqError {
  const [first] = problems;
  const message =
    problems.length === 1
      ? `invalid configuration: ${first!.message}`
      : `invalid configuration (${problems.length} problems):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`;
  return new SubqError("E_CONFIG", message, { where: first?.key });
}
