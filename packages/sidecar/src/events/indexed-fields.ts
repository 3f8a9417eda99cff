/**
 * The indexed fields of an issue (the ones the event index is keyed by), and the names
 * events may give them in `changes`. A leaf: the schema's checks (schema.ts) and the
 * before/after values (indexed-values.ts) both read it.
 */
export const INDEXED_FIELDS = ["project", "issuetype", "status", "sprint"] as const;

export type IndexedField = (typeof INDEXED_FIELDS)[number];

/** Aliases events may use for the indexed fields in `changes`. */
const CHANGE_FIELDS: Readonly<Record<string, IndexedField>> = {
  project: "project",
  issuetype: "issuetype",
  type: "issuetype",
  status: "status",
  sprint: "sprint",
};

/** The indexed field a change's `field` names, if it names one. */
export function indexedFieldOfChange(name: string): IndexedField | undefined {
  return CHANGE_FIELDS[name.toLowerCase()];
}
