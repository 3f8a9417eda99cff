/**
 * `issuekey` and `parent`. An issue key field has two values per issue, its id and its
 * upper-case key: a number literal (or an all-digit string) matches the id, anything else
 * the key. `parent` holds the parent's id; a key literal is looked up among the issues
 * (in SQL, since issues are data, not configuration). Both take `watchedIssues()` /
 * `votedIssues()`, whose issue sets are sub-selects. Both branches (ids and keys) are
 * always written, so the text does not depend on which kind of literal was given.
 *
 * `issuekey < X` compares issue numbers within X's project: key literals are parsed in
 * TypeScript (project by key from the catalog), ids and issue sets are looked up in SQL.
 */
import type { Literal, SystemField } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import {
  type Ordering,
  one,
  type ResolvedOperand,
  type SqlField,
  sortBy,
  type Value,
} from "./field-model.js";
import { rankSort } from "./sorts.js";
import { columnSource } from "./sources.js";
import { issueIdValue } from "./sql-values.js";

const DIGITS = /^\d+$/;
const KEY = /^(.+)-(\d+)$/;

/** A number (or all-digit string) is an id; anything else an upper-case key. */
function issueLiteral(lit: Literal): readonly Value[] {
  return lit.number || DIGITS.test(lit.value) ? [Number(lit.value)] : [lit.value.toUpperCase()];
}

function partition(operand: ResolvedOperand, env: CompileEnv) {
  const ids = operand.values.flatMap((v) => (typeof v === "number" ? one(issueIdValue(v)) : []));
  const keys = operand.values.filter((v): v is string => typeof v === "string");
  return { ids: env.params.list(ids, "bigint"), keys: env.params.list(keys, "text") };
}

function anyOf(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(" OR ")})`;
}

export function issueKeyField(field: SystemField, env: CompileEnv): SqlField {
  const member = (operand: ResolvedOperand) => {
    const { ids, keys } = partition(operand, env);
    const sets = operand.issueSets.map((set) => `i.id IN (${set})`);
    return anyOf([`i.id = ANY(${ids})`, `i.key = ANY(${keys})`, ...sets]);
  };
  const order = (op: Ordering, operand: ResolvedOperand) => {
    const pairs = operand.values.flatMap((v) => {
      if (typeof v === "number") return [];
      const m = KEY.exec(v);
      const project = m ? env.catalog.projectsByKey.get(m[1]!) : undefined;
      return project ? [[project.id, Number(m![2])] as const] : [];
    });
    const projects = env.params.list(
      pairs.map((p) => p[0]),
      "int",
    );
    // float8: any number of digits compares exactly with the integer column.
    const numbers = env.params.list(
      pairs.map((p) => p[1]),
      "float8",
    );
    const ids = env.params.list(
      operand.values.flatMap((v) => (typeof v === "number" ? one(issueIdValue(v)) : [])),
      "bigint",
    );
    const sets = operand.issueSets.map((set) => ` OR io.id IN (${set})`).join("");
    return (
      `(EXISTS (SELECT 1 FROM unnest(${projects}, ${numbers}) AS ko(project_id, number) ` +
      `WHERE ko.project_id = i.project_id AND i.number ${op} ko.number) ` +
      `OR EXISTS (SELECT 1 FROM issues io WHERE (io.id = ANY(${ids})${sets}) ` +
      `AND io.project_id = i.project_id AND i.number ${op} io.number))`
    );
  };
  const projectKey = rankSort("i.project_id", env.catalog.ranks.projectKey, env);
  return {
    label: field.name,
    source: columnSource("i.id", false),
    literal: issueLiteral,
    functions: ["issues"],
    member,
    order,
    sort: (descending, alias) => {
      const key = projectKey(descending, alias);
      return { exprs: [...key.exprs, "i.number"], joins: key.joins };
    },
  };
}

export function parentField(field: SystemField, env: CompileEnv): SqlField {
  const source = columnSource("i.parent_id", true);
  const member = (operand: ResolvedOperand) => {
    const { ids, keys } = partition(operand, env);
    const sets = operand.issueSets.map((set) => `i.parent_id IN (${set})`);
    const byKey = `i.parent_id IN (SELECT ip.id FROM issues ip WHERE ip.key = ANY(${keys}))`;
    return anyOf([`i.parent_id = ANY(${ids})`, byKey, ...sets]);
  };
  return {
    label: field.name,
    source,
    literal: issueLiteral,
    functions: ["issues"],
    member,
    sort: sortBy("i.parent_id"),
  };
}
