/**
 * ORDER BY (docs/jql-semantics.md §9) as a total order: the keys in order, then `i.id
 * DESC`; without ORDER BY, `created DESC`. A key without a direction takes the field's
 * Jira default (DESC for created, updated, resolved, due, priority, votes, watchers).
 * Missing values sort last ascending and first descending (NULLS LAST / NULLS FIRST,
 * written out). A custom field name shared by several fields sorts by the lowest id.
 */
import type { OrderBy, SortDirection } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import { fieldModels } from "./models.js";

const DESCENDING_BY_DEFAULT: ReadonlySet<string> = new Set([
  "created",
  "updated",
  "resolved",
  "due",
  "priority",
  "votes",
  "watchers",
]);

export interface OrderSql {
  /** `ORDER BY` list, without the keyword. */
  readonly orderBy: string;
  /** LEFT JOINs the sort expressions read. */
  readonly joins: readonly string[];
}

export function compileOrderBy(orderBy: OrderBy | null, env: CompileEnv): OrderSql {
  if (!orderBy) return { orderBy: "i.created DESC, i.id DESC", joins: [] };
  const terms: string[] = [];
  const joins: string[] = [];
  orderBy.keys.forEach((key, k) => {
    const { ref, model } = fieldModels(key.field, env)[0]!;
    const sortable = ref.kind === "custom" || ref.field.sortable;
    if (!model.sort || !sortable) {
      env.fail("E_UNSUPPORTED_FIELD", `Field '${model.label}' cannot be used in ORDER BY`, key.field.span);
    }
    const direction: SortDirection =
      key.direction ?? (DESCENDING_BY_DEFAULT.has(model.label) && ref.kind === "system" ? "desc" : "asc");
    const descending = direction === "desc";
    const sql = model.sort(descending, `s${k}`);
    for (const expr of sql.exprs) terms.push(`${expr} ${descending ? "DESC NULLS FIRST" : "ASC NULLS LAST"}`);
    joins.push(...sql.joins);
  });
  terms.push("i.id DESC");
  return { orderBy: terms.join(", "), joins };
}
