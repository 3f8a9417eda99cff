/**
 * Query parameters. The compiler never splices a value into SQL text: every value goes
 * through `one` or `list` and comes back as a `$n::type` placeholder. A list is ONE array
 * parameter, so the text does not depend on how many values it holds, and parameters are
 * numbered in the order the compiler meets them, which depends only on the query's shape:
 * the same shape gives byte-identical text (prepared statements and plans are reused).
 */

/** The Postgres types the compiler casts parameters to. */
export type SqlType = "int" | "bigint" | "text" | "float8" | "date" | "timestamptz" | "boolean";

const TYPES: ReadonlySet<string> = new Set([
  "int",
  "bigint",
  "text",
  "float8",
  "date",
  "timestamptz",
  "boolean",
]);

export interface Params {
  /** The values, `$1` first: pass them with the text to `sql.unsafe(text, values)`. */
  readonly values: readonly unknown[];
  /** One value (null: SQL NULL, which makes a comparison unknown, i.e. false in WHERE). */
  one(value: unknown, type: SqlType): string;
  /** A list of values as one array parameter (`$n::type[]`); nulls are not allowed. */
  list(values: readonly unknown[], type: SqlType): string;
}

export function createParams(): Params {
  const values: unknown[] = [];
  const push = (value: unknown, cast: string): string => {
    values.push(value);
    return `$${values.length}::${cast}`;
  };
  return {
    values,
    one(value, type) {
      checkType(type);
      if (value === undefined) throw new TypeError("internal: an undefined query parameter");
      return push(value, type);
    },
    list(items, type) {
      checkType(type);
      if (items.some((item) => item === null || item === undefined)) {
        throw new TypeError("internal: a null inside an array parameter");
      }
      return push([...items], `${type}[]`);
    },
  };
}

function checkType(type: string): void {
  if (!TYPES.has(type)) throw new TypeError(`internal: not a parameter type: ${type}`);
}
