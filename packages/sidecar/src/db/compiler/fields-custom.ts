/**
 * Models of custom fields by type (docs/jql-semantics.md §6), over custom_field_values:
 * one row per (issue, field), the value in the column of the field's type; no row is no
 * value, and so is '' for text. Select and multiselect options resolve within the field;
 * numbers, dates, datetimes and users behave like their system counterparts (votes, due,
 * created, assignee); text like summary; labels like labels. ORDER BY joins the field's
 * row once (the primary key makes it at most one).
 */
import type { CustomField, Literal } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import { memberOf, type SortSql, type SqlField } from "./field-model.js";
import { dateField, instantField, numberField } from "./fields-issue.js";
import { type CustomStorage, customSource } from "./sources.js";

const STORAGE: Readonly<Record<CustomField["type"], readonly [column: string, storage: CustomStorage]>> = {
  select: ["option_id", "scalar"],
  multiselect: ["option_ids", "array"],
  number: ["number_value", "scalar"],
  date: ["date_value", "scalar"],
  datetime: ["datetime_value", "scalar"],
  user: ["user_id", "scalar"],
  text: ["text_value", "text"],
  labels: ["labels", "array"],
};

/** Sorts by an expression over the field's joined row (`alias`), or over its array elements. */
function rowSort(fieldId: number, value: (row: string, descending: boolean) => string) {
  return (descending: boolean, alias: string): SortSql => ({
    exprs: [value(alias, descending)],
    joins: [
      `LEFT JOIN custom_field_values ${alias} ON ${alias}.issue_id = i.id AND ${alias}.field_id = ${fieldId}`,
    ],
  });
}

function elementSort(column: string, text: boolean) {
  return (row: string, descending: boolean) => {
    const element = text ? `${row}x.value COLLATE "C"` : `${row}x.value`;
    return `(SELECT ${descending ? "max" : "min"}(${element}) FROM unnest(${row}.${column}) ${row}x(value))`;
  };
}

export function customField(field: CustomField, env: CompileEnv): SqlField {
  const [column, storage] = STORAGE[field.type];
  const source = customSource(field.id, column, storage);
  const label = field.name;
  const scalarSort = (suffix = "") => rowSort(field.id, (row) => `${row}.${column}${suffix}`);
  switch (field.type) {
    case "select":
    case "multiselect": {
      const literal = (lit: Literal) => env.catalog.lookup.options(field.id, lit.value, lit.number);
      const sort = field.type === "select" ? scalarSort() : rowSort(field.id, elementSort(column, false));
      return { label, source, literal, functions: [], member: memberOf(source, env, "int"), sort };
    }
    case "number":
      return numberField(label, source, env, scalarSort());
    case "date":
      return dateField(label, source, env, scalarSort());
    case "datetime":
      return instantField(label, source, env, scalarSort());
    case "user":
      return {
        label,
        source,
        literal: (lit) => env.catalog.lookup.users(lit.value),
        functions: ["user", "users"],
        member: memberOf(source, env, "text"),
        sort: scalarSort(' COLLATE "C"'),
      };
    case "text": {
      const row = `FROM custom_field_values cv WHERE cv.issue_id = i.id AND cv.field_id = ${field.id}`;
      const match = (patterns: string) => `EXISTS (SELECT 1 ${row} AND cv.text_value ~* ALL(${patterns}))`;
      const sort = rowSort(field.id, (r) => `NULLIF(${r}.text_value, '') COLLATE "C"`);
      return { label, source, functions: [], member: () => "FALSE", text: { match }, sort };
    }
    case "labels":
      return {
        label,
        source,
        literal: (lit) => [lit.value],
        functions: [],
        member: memberOf(source, env, "text"),
        sort: rowSort(field.id, elementSort(column, true)),
      };
  }
}
