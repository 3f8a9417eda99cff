/**
 * Models of custom fields by type (docs/jql-semantics.md §6). A value is read from
 * `issue.customFields[id]` (absent = EMPTY; a single value or an array); text values ""
 * are empty. Select options resolve by id or name within the field; numbers must parse
 * as numbers; dates and datetimes behave like `due` and `created`; users like `assignee`;
 * labels like `labels`; text like `summary`.
 */
import type { CustomField, CustomFieldValue, IssueSnapshot } from "../model.js";
import type { EvalEnv } from "./env.js";
import {
  dateModel,
  datetimeModel,
  type FieldModel,
  numberLiteral,
  numeric,
  tuples,
  type Value,
} from "./field-model.js";

function valuesOf(value: CustomFieldValue | undefined): readonly Value[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly Value[]) : [value as Value];
}

export function customModel(field: CustomField, env: EvalEnv): FieldModel {
  const id = field.id;
  const raw = (issue: IssueSnapshot) => valuesOf(issue.customFields[id]);
  const values = field.type === "text" ? (issue: IssueSnapshot) => raw(issue).filter((v) => v !== "") : raw;
  const sort = (issue: IssueSnapshot) => tuples(values(issue));
  const label = field.name;
  switch (field.type) {
    case "select":
    case "multiselect": {
      const literal = (lit: { value: string; number: boolean }) =>
        env.index.lookup.options(id, lit.value, lit.number);
      return { label, values, literal, functions: [], sort };
    }
    case "number":
      return { label, values, literal: numberLiteral, functions: [], order: numeric(values), sort };
    case "date":
      return dateModel(label, values, sort, env);
    case "datetime":
      return datetimeModel(label, values, sort, env);
    case "user":
      return {
        label,
        values,
        literal: (lit) => env.index.lookup.users(lit.value),
        functions: ["user", "users"],
        sort,
      };
    case "text":
      return { label, values, functions: [], text: true, sort };
    case "labels":
      return { label, values, literal: (lit) => [lit.value], functions: [], sort };
  }
}
