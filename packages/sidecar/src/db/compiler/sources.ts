/**
 * Where a field's values live, and the SQL that tests them. Every source answers, null-safely:
 * does the issue have a value, has it none, has it a value in an array parameter, has it a
 * value passing a test. `in` and `some` may be NULL only where the field is empty; clauses
 * use them positively or as `has AND NOT in(...)`, which is never NULL (docs/sql-compiler.md).
 *
 * The issue row is always `i`; sub-selects use aliases of their own, so nesting never
 * shadows one the SQL still refers to.
 */

export interface ValueSource {
  /** The issue has at least one value. */
  has(): string;
  /** The issue has no value. */
  none(): string;
  /** Some value is in the array parameter `array` (`$n::type[]`). */
  in(array: string): string;
  /** Some value `v` satisfies `test(v)`. */
  some(test: (value: string) => string): string;
}

/** A column of `issues` (or an expression over it). */
export function columnSource(expr: string, nullable: boolean): ValueSource {
  return {
    has: () => (nullable ? `${expr} IS NOT NULL` : "TRUE"),
    none: () => (nullable ? `${expr} IS NULL` : "FALSE"),
    in: (array) => `${expr} = ANY(${array})`,
    some: (test) => test(expr),
  };
}

/** A link table `(issue_id, column)`: components, versions, sprints, watchers, voters. */
export function linkSource(table: string, column: string, alias: string): ValueSource {
  const from = `FROM ${table} ${alias} WHERE ${alias}.issue_id = i.id`;
  return {
    has: () => `EXISTS (SELECT 1 ${from})`,
    none: () => `NOT EXISTS (SELECT 1 ${from})`,
    in: (array) => `EXISTS (SELECT 1 ${from} AND ${alias}.${column} = ANY(${array}))`,
    some: (test) => `EXISTS (SELECT 1 ${from} AND ${test(`${alias}.${column}`)})`,
  };
}

/** A non-null array column of `issues` (labels; empty array = no value). */
export function arraySource(expr: string, alias: string): ValueSource {
  return {
    has: () => `cardinality(${expr}) > 0`,
    none: () => `cardinality(${expr}) = 0`,
    in: (array) => `${expr} && ${array}`,
    some: (test) => `EXISTS (SELECT 1 FROM unnest(${expr}) ${alias}(value) WHERE ${test(`${alias}.value`)})`,
  };
}

/** How a custom field's value is stored in its `custom_field_values` column. */
export type CustomStorage = "scalar" | "array" | "text";

/**
 * The value of custom field `fieldId` (an integer from the catalog, written into the text:
 * which field is part of the query's shape) in `column` of its custom_field_values row.
 * A missing row is no value; so is '' for text; arrays are never empty (no row instead).
 */
export function customSource(fieldId: number, column: string, storage: CustomStorage): ValueSource {
  if (!Number.isSafeInteger(fieldId)) throw new TypeError(`internal: not a custom field id: ${fieldId}`);
  const value = `cv.${column}`;
  const row = `FROM custom_field_values cv WHERE cv.issue_id = i.id AND cv.field_id = ${fieldId}`;
  const present = storage === "text" ? `${row} AND ${value} <> ''` : row;
  return {
    has: () => `EXISTS (SELECT 1 ${present})`,
    none: () => `NOT EXISTS (SELECT 1 ${present})`,
    in: (array) =>
      storage === "array"
        ? `EXISTS (SELECT 1 ${row} AND ${value} && ${array})`
        : `EXISTS (SELECT 1 ${present} AND ${value} = ANY(${array}))`,
    some: (test) =>
      storage === "array"
        ? `EXISTS (SELECT 1 ${row} AND EXISTS (SELECT 1 FROM unnest(${value}) cx(value) WHERE ${test("cx.value")}))`
        : `EXISTS (SELECT 1 ${present} AND ${test(value)})`,
  };
}
