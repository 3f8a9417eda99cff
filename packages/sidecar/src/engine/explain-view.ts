/**
 * A plan as `explain` shows it, over HTTP and in `subq jql explain --json`: the plan's
 * texts under their public names, and its clauses in the shape each caller wants.
 * Pure (no I/O), so the CLI uses it without a service.
 */
import { type ClausePlan, type Plan, planToJson } from "@subq/jql";

export function explainView<C>(p: Plan, clause: (c: ClausePlan) => C) {
  const json = planToJson(p);
  return {
    jql: json.jql,
    normalized: json.normalizedText,
    subscription: json.subscription,
    stage1: json.stage1Text,
    stage2: json.stage2Text,
    stage2Only: json.stage2Only,
    metadata: json.metadata,
    clauses: json.clauses.map(clause),
  };
}
