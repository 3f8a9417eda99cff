/**
 * Bulk inserts as `INSERT ... SELECT FROM unnest($1::type[], $2::type[], ...)`: one
 * statement and one parameter per column, whatever the row count, so batches of
 * thousands of rows cost one round trip and never approach the bind-parameter limit.
 * Array-valued columns travel as one text per row joined by U+001F (unnest would flatten
 * a two-dimensional array) and are split back server-side.
 */
import type { Queryable } from "./connect.js";

export type ColumnType =
  | "int4"
  | "int8"
  | "float8"
  | "bool"
  | "text"
  | "date"
  | "timestamptz"
  | "text[]"
  | "int4[]";

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

const SEPARATOR = "\u001f";

/** Rows collected column by column for one table; `flush` writes and empties them. */
export class ColumnBatch {
  readonly table: string;
  readonly columns: readonly Column[];
  #values: unknown[][];

  constructor(table: string, columns: readonly Column[]) {
    this.table = table;
    this.columns = columns;
    this.#values = columns.map(() => []);
  }

  get size(): number {
    return this.#values[0]?.length ?? 0;
  }

  /** Appends one row; values in column order (arrays for array columns, null for NULL). */
  push(...row: unknown[]): void {
    if (row.length !== this.columns.length) {
      throw new TypeError(`${this.table}: expected ${this.columns.length} values, got ${row.length}`);
    }
    for (let i = 0; i < row.length; i++) this.#values[i]!.push(row[i]);
  }

  /** Writes the collected rows (if any) and starts a new batch. */
  async flush(sql: Queryable): Promise<void> {
    if (this.size === 0) return;
    const values = this.#values;
    this.#values = this.columns.map(() => []);
    await insertColumns(sql, this.table, this.columns, values);
  }
}

/** Inserts `values[c][r]` (column-major) into `table`. Names come from code, never from input. */
export async function insertColumns(
  sql: Queryable,
  table: string,
  columns: readonly Column[],
  values: readonly (readonly unknown[])[],
): Promise<void> {
  const names = columns.map((c) => c.name).join(", ");
  const selects = columns.map((c) => selectExpression(c)).join(", ");
  const unnests = columns.map((c, i) => `$${i + 1}::${wireType(c.type)}[]`).join(", ");
  const text = `INSERT INTO ${table} (${names}) SELECT ${selects} FROM unnest(${unnests}) AS u(${names})`;
  const parameters = columns.map((c, i) =>
    values[i]!.map(c.type === "bool" ? boolText : isArrayType(c.type) ? joinArray : same),
  );
  await sql.unsafe(text, parameters as never[], { prepare: true });
}

function isArrayType(type: ColumnType): boolean {
  return type.endsWith("[]");
}

/** Booleans travel as text too (see boolText); arrays as joined text. */
function wireType(type: ColumnType): string {
  return isArrayType(type) || type === "bool" ? "text" : type;
}

function selectExpression(column: Column): string {
  if (column.type === "bool") return `u.${column.name}::bool`;
  if (!isArrayType(column.type)) return `u.${column.name}`;
  return `string_to_array(u.${column.name}, E'\\x1f')::${column.type}`;
}

const same = (value: unknown) => value;

/**
 * The driver types an array of JS booleans as `bool` (not `bool[]`), and serializes any
 * non-`true` element of a `bool[]` as false; so booleans go as 't'/'f' text, cast server-side.
 */
function boolText(value: unknown): string | null {
  return value === null || value === undefined ? null : value ? "t" : "f";
}

function joinArray(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value as readonly unknown[]).join(SEPARATOR);
}
