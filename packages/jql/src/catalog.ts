/**
 * The catalog resolver: how the normalizer turns names into ids. The sidecar implements
 * it over its database (or loads a `Catalog` and uses `catalogResolver`); tests use the
 * in-memory implementation in catalog-memory.ts. Lookups are synchronous and pure; the
 * normalizer turns "not found" into diagnostics with spans (E_UNKNOWN_FIELD,
 * E_UNKNOWN_VALUE), so an implementation only answers questions.
 */
import type { CustomFieldType } from "./model.js";

/** The configuration objects whose names resolve to ids. */
export type ValueDomain =
  | "project"
  | "category"
  | "issuetype"
  | "status"
  | "priority"
  | "resolution"
  | "component"
  | "version"
  | "sprint"
  | "level"
  | "user"
  /** Options of one select / multiselect custom field (`fieldId` names it). */
  | "option";

export interface CustomFieldInfo {
  readonly id: number;
  readonly name: string;
  readonly type: CustomFieldType;
}

export interface CatalogResolver {
  /** The custom field `cf[id]`, if it exists. */
  customFieldById(id: number): CustomFieldInfo | undefined;
  /**
   * Every custom field whose name equals `name` case-insensitively (names can repeat;
   * the normalizer searches all of them). Empty when there is none.
   */
  customFieldsByName(name: string): readonly CustomFieldInfo[];
  /**
   * The ids (decimal text; user ids for users) that `text` denotes in `domain`: every
   * match, since names can repeat (components and versions per project, sprints,
   * display names). Empty when nothing matches. `number` is true when the literal was a
   * number token: numbers are tried as ids first, strings as names (projects: keys)
   * first (docs/jql-semantics.md §3). `fieldId` is the custom field for "option".
   */
  lookup(domain: ValueDomain, text: string, number: boolean, fieldId?: number): readonly string[];
  /** Names to suggest when a field is unknown (optional; only read on that error path). */
  fieldNames?(): readonly string[];
}

/**
 * Jira's display names of custom field types (as written in `"Name[Type]"`), lower-case,
 * mapped to the model's types. The model's own type names are accepted as well.
 */
export const CUSTOM_FIELD_TYPE_NAMES: ReadonlyMap<string, CustomFieldType> = new Map<string, CustomFieldType>(
  [
    ["select", "select"],
    ["select list", "select"],
    ["select list (single choice)", "select"],
    ["dropdown", "select"],
    ["radio buttons", "select"],
    ["multiselect", "multiselect"],
    ["select list (multiple choices)", "multiselect"],
    ["checkboxes", "multiselect"],
    ["number", "number"],
    ["number field", "number"],
    ["story points", "number"],
    ["date", "date"],
    ["date picker", "date"],
    ["datetime", "datetime"],
    ["date time picker", "datetime"],
    ["user", "user"],
    ["user picker", "user"],
    ["user picker (single user)", "user"],
    ["text", "text"],
    ["text field", "text"],
    ["text field (single line)", "text"],
    ["text field (multi-line)", "text"],
    ["paragraph", "text"],
    ["short text", "text"],
    ["labels", "labels"],
  ],
);
