/**
 * How configuration problems read: where (the option and where its value came from),
 * what was wrong, and how to fix it. Origins are labels such as `SUBQ_PORT` or
 * `config file ./subq.json`, recorded by loadOptions per option key.
 */
import { SubqError } from "../errors.js";
import type { OptionSpec } from "./kinds.js";

/** Option key → where its value came from. */
export type Origins = Readonly<Record<string, string>>;

/** Longest echo of a received value, and how deep into it the echo looks. */
const ECHO_LENGTH = 80;
const ECHO_DEPTH = 3;

/**
 * A received value for a message, as JSON: at most 80 characters (then `…`), nesting
 * beyond 3 levels shown as `[…]` / `{…}`. It reads only as much of the value as it shows,
 * so a hostile value (100,000 levels deep, megabytes long) costs no more than a small one.
 */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === undefined) return "nothing";
  const json = preview(value, ECHO_DEPTH, ECHO_LENGTH + 1);
  return json.length > ECHO_LENGTH ? `${json.slice(0, ECHO_LENGTH)}…` : json;
}

/** JSON text of `value`, cut off soon after `room` characters and at `depth` levels. */
function preview(value: unknown, depth: number, room: number): string {
  if (typeof value === "string") return JSON.stringify(value.length > room ? value.slice(0, room) : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  if (typeof value !== "object") return String(value);
  if (!Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return String(JSON.stringify(value));
  }
  if (depth === 0) return Array.isArray(value) ? "[…]" : "{…}";
  const parts: string[] = [];
  let length = 2;
  const add = (text: string) => {
    parts.push(text);
    length += text.length + 1;
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      if (length > room) break;
      add(preview(item ?? null, depth - 1, room - length));
    }
    return `[${parts.join(",")}]`;
  }
  for (const key in value) {
    if (length > room) break;
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === "function") continue;
    const name = JSON.stringify(key.length > room ? key.slice(0, room) : key);
    add(`${name}:${preview(item, depth - 1, room - length - name.length - 1)}`);
  }
  return `{${parts.join(",")}}`;
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
