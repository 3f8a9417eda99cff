/**
 * ORDER BY keeps its order (it is not commutative); field names are canonicalized like
 * clause fields, and a repeated field is dropped: its later key can never break a tie
 * that the earlier one left. A custom field name shared by several fields sorts by the
 * lowest id. With a resolver, fields that cannot be sorted (watcher, comment, ...) are
 * rejected, as the evaluator and the compiler do.
 */
import type { OrderBy, SortKey } from "../ast.js";
import { fail, type NormalizeContext } from "./context.js";
import { resolveSortField } from "./field.js";

export function normalizeOrderBy(orderBy: OrderBy, ctx: NormalizeContext): OrderBy {
  const seen = new Set<string>();
  const keys: SortKey[] = [];
  for (const key of orderBy.keys) {
    const info = resolveSortField(key.field, ctx);
    if (ctx.resolver && info.system?.sortable === false) {
      fail(ctx, "E_UNSUPPORTED_FIELD", `Field '${info.label}' cannot be used in ORDER BY`, key.field.span);
    }
    const { field, text } = info;
    if (seen.has(text)) continue;
    seen.add(text);
    keys.push(field === key.field ? key : { ...key, field });
  }
  return keys.length === orderBy.keys.length && keys.every((k, i) => k === orderBy.keys[i])
    ? orderBy
    : { ...orderBy, keys };
}
