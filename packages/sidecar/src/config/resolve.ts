/**
 * `resolveOptions`: SidecarOptions → a frozen, complete ResolvedSidecarOptions. Pure:
 * validation is driven by CONFIG_REFERENCE (one zod schema built from it), every problem
 * is reported at once, and unknown options name the closest known one.
 */
import { z } from "zod";
import { resolveDbOptions } from "../db/connect.js";
import { resolveStoreOptions } from "../redis/options.js";
import { grantCrossProblems } from "./grants.js";
import { isSpecific } from "./kinds.js";
import { closest, configError, describe, fixOf, type Origins, whereOf } from "./messages.js";
import type { ResolvedSidecarOptions, SidecarOptions } from "./options.js";
import { setAt, type Tree, valueAt } from "./paths.js";
import { CONFIG_REFERENCE, type OptionSpec } from "./reference.js";

interface Problem {
  readonly key: string;
  readonly message: string;
}

const SPECS = new Map(CONFIG_REFERENCE.map((spec) => [spec.key, spec]));

export function resolveOptions(input: SidecarOptions = {}, origins: Origins = {}): ResolvedSidecarOptions {
  const parsed = optionsSchema().safeParse(input, { reportInput: true });
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => explain(issue, input, origins));
  problems.push(...crossChecks(input, origins));
  // A list with several bad elements reads as one problem with the option.
  const unique = [...new Map(problems.map((p) => [p.message, p])).values()];
  if (unique.length > 0) throw configError(unique);

  const resolved: Record<string, unknown> = {};
  for (const spec of CONFIG_REFERENCE) {
    const value = valueAt(input, spec.key);
    setAt(resolved, spec.key, value === undefined ? spec.default : value);
  }
  const options = deepFreeze(structuredClone(resolved)) as unknown as ResolvedSidecarOptions;
  layerChecks(options);
  return options;
}

/** The configuration's shape: groups are strict objects, leaves their kind's schema. */
function optionsSchema(): z.ZodType {
  const tree: Tree = {};
  for (const spec of CONFIG_REFERENCE) setAt(tree, spec.key, spec.kind.schema.optional());
  const group = (node: Tree): z.ZodObject =>
    z.strictObject(
      Object.fromEntries(
        Object.entries(node).map(([name, child]) => [
          name,
          child instanceof z.ZodType ? child : group(child as Tree).optional(),
        ]),
      ),
    );
  return group(tree);
}

function explain(issue: z.core.$ZodIssue, input: SidecarOptions, origins: Origins): Problem[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => unknownKey([...path, key], origins));
  const spec = specOf(path);
  if (!spec) {
    const group = path.join(".");
    const members = CONFIG_REFERENCE.filter((s) => s.key.startsWith(`${group}.`)).map((s) => s.key);
    return [
      {
        key: group,
        message: `${group} must be an object of options (${members.join(", ")}), got ${describe(issue.input)}`,
      },
    ];
  }
  const where = whereOf(spec.key, origins);
  const inner = path.slice(spec.key.split(".").length).join(".");
  const fix = fixOf(spec, origins);
  if (isSpecific(issue)) {
    const what = inner === "" ? issue.message : `${inner}: ${issue.message}`;
    return [{ key: spec.key, message: `${where}: ${what}; ${fix}` }];
  }
  const got = spec.kind.secret ? "" : `, got ${describe(valueAt(input, spec.key))}`;
  return [{ key: spec.key, message: `${where}: expected ${spec.kind.expected}${got}; ${fix}` }];
}

function unknownKey(path: readonly string[], origins: Origins): Problem {
  const key = path.join(".");
  const prefix = path.slice(0, -1).join(".");
  const here = [
    ...new Set(
      CONFIG_REFERENCE.map((s) => s.key)
        .filter((k) => prefix === "" || k.startsWith(`${prefix}.`))
        .map((k) => k.split(".").slice(0, path.length).join(".")),
    ),
  ];
  // Also look in the other groups: `stalenessBoundMs` at the top level belongs in `store`.
  const guess = closest(key, here)[0] ?? closestLeaf(path.at(-1)!);
  const hint = guess === undefined ? "" : ` (did you mean "${guess}"?)`;
  const origin = origins[key] === undefined ? "" : ` (from ${origins[key]})`;
  return {
    key,
    message: `unknown option "${key}"${origin}${hint}; the options here are: ${here.join(", ")}`,
  };
}

function closestLeaf(name: string): string | undefined {
  const byLeaf = new Map(CONFIG_REFERENCE.map((s) => [s.key.split(".").at(-1)!, s.key]));
  const [leaf] = closest(name, [...byLeaf.keys()]);
  return leaf === undefined ? undefined : byLeaf.get(leaf);
}

function specOf(path: readonly string[]): OptionSpec | undefined {
  for (let length = path.length; length > 0; length--) {
    const spec = SPECS.get(path.slice(0, length).join("."));
    if (spec) return spec;
  }
  return undefined;
}

function crossChecks(input: SidecarOptions, origins: Origins): Problem[] {
  const problems: Problem[] = [...grantCrossProblems(input, origins)];
  if (input.redis?.url !== undefined && (input.redis.cluster?.length ?? 0) > 0) {
    problems.push({
      key: "redis.cluster",
      message: `${whereOf("redis.url", origins)} and ${whereOf("redis.cluster", origins)} are both set; set only redis.cluster for a Redis Cluster, or only redis.url for a single Redis`,
    });
  }
  return problems;
}

/** The layers' own resolvers have the last word (e.g. a rule added to the store). */
function layerChecks(options: ResolvedSidecarOptions): void {
  for (const [group, check] of [
    ["store", () => resolveStoreOptions(options.store)],
    ["db", () => resolveDbOptions(options.db)],
  ] as const) {
    try {
      check();
    } catch (error) {
      throw configError([{ key: group, message: error instanceof Error ? error.message : String(error) }]);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
