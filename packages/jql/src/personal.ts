/**
 * Personal queries: a Stage 2 that keeps only issues whose user field is the searcher
 * (a top-level conjunct `assignee = currentUser()`, or reporter / creator). A change to an
 * issue can then move a user's answer only when that field was or becomes the user, so
 * the sidecar keeps a version per user for such queries and moves only theirs.
 *
 * Not personal when any clause reads data beyond the issue itself and the catalog
 * (class "external": other issues, group membership, sprint state, ...): a change there
 * could move answers whatever the field says.
 */
import type { Clause } from "./ast.js";
import type { Plan } from "./plan.js";

export type PersonalField = "assignee" | "reporter" | "creator";

const FIELDS: ReadonlySet<string> = new Set<PersonalField>(["assignee", "reporter", "creator"]);

const fields = new WeakMap<Plan, PersonalField | null>();

/** The field whose value must be the searcher, or null when the plan is not personal. */
export function personalField(plan: Plan): PersonalField | null {
  let field = fields.get(plan);
  if (field === undefined) {
    field = plan.clauses.some((c) => c.class === "external")
      ? null
      : conjunctField(plan.stage2?.where ?? null);
    fields.set(plan, field);
  }
  return field;
}

function conjunctField(where: Clause | null): PersonalField | null {
  if (where === null) return null;
  const conjuncts = where.kind === "and" ? where.clauses : [where];
  for (const clause of conjuncts) {
    if (
      clause.kind === "terminal" &&
      clause.operator === "=" &&
      clause.field.properties.length === 0 &&
      clause.field.name.kind === "name" &&
      FIELDS.has(clause.field.name.text) &&
      clause.operand?.kind === "function" &&
      clause.operand.name === "currentUser" &&
      clause.predicates.length === 0
    ) {
      return clause.field.name.text as PersonalField;
    }
  }
  return null;
}
