/**
 * ORDER BY building blocks (docs/jql-semantics.md §9). Configuration orders (project key,
 * priority urgency, status category, version sequence) come from the compiler catalog as
 * two array parameters joined in, so SQL sorts exactly as the evaluator's catalog says;
 * multi-valued fields sort by their least value ascending and their greatest descending.
 */
import type { RankMap } from "./compiler-catalog.js";
import type { CompileEnv } from "./env.js";
import type { SortSql } from "./field-model.js";

/** Sorts by `map[column]` (NULL where the map has no entry). */
export function rankSort(column: string, map: RankMap<number | string>, env: CompileEnv, text = false) {
  return (_descending: boolean, alias: string): SortSql => {
    const keys = env.params.list(map.keys, "int");
    const ranks = env.params.list(map.values, text ? "text" : "int");
    return {
      exprs: [text ? `${alias}.rank COLLATE "C"` : `${alias}.rank`],
      joins: [`LEFT JOIN unnest(${keys}, ${ranks}) AS ${alias}(key, rank) ON ${alias}.key = ${column}`],
    };
  };
}

/** The least (ascending) or greatest (descending) value of a link table's column. */
export function linkSort(table: string, column: string) {
  return (descending: boolean, alias: string): SortSql => ({
    exprs: [
      `(SELECT ${descending ? "max" : "min"}(${alias}.${column}) FROM ${table} ${alias} WHERE ${alias}.issue_id = i.id)`,
    ],
    joins: [],
  });
}

/** The least or greatest rank of a link table's values under a catalog map (versions). */
export function linkRankSort(table: string, column: string, map: RankMap, env: CompileEnv) {
  return (descending: boolean, alias: string): SortSql => {
    const keys = env.params.list(map.keys, "int");
    const ranks = env.params.list(map.values, "int");
    const agg = descending ? "max" : "min";
    return {
      exprs: [
        `(SELECT ${agg}(${alias}r.rank) FROM ${table} ${alias} JOIN unnest(${keys}, ${ranks}) AS ${alias}r(key, rank) ON ${alias}r.key = ${alias}.${column} WHERE ${alias}.issue_id = i.id)`,
      ],
      joins: [],
    };
  };
}

/** The least or greatest element of an array expression, text by code point. */
export function arraySort(expr: string, text: boolean) {
  return (descending: boolean, alias: string): SortSql => {
    const element = text ? `${alias}.value COLLATE "C"` : `${alias}.value`;
    return {
      exprs: [`(SELECT ${descending ? "max" : "min"}(${element}) FROM unnest(${expr}) ${alias}(value))`],
      joins: [],
    };
  };
}
