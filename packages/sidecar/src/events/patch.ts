/**
 * Patch, don't re-query (docs/sidecar.md "Events"): with the issue's full snapshot after
 * a change, a subscription's Stage 1 predicate is evaluated in memory and the issue moved
 * into or out of its member set, with no database query. Stage 1 predicates are static,
 * so the evaluator needs only the catalog (no user, no clock, no other issues).
 */
import { createEvalEnv, type EvalEnv, evaluate, type IssueSnapshot } from "@subq/jql";
import type { EngineContext } from "../engine/context.js";
import type { TenantView } from "../engine/tenant.js";
import type { IssueEventInput } from "./schema.js";

const environments = new WeakMap<TenantView, EvalEnv>();

function environmentOf(view: TenantView): EvalEnv {
  let env = environments.get(view);
  if (!env) {
    const dataset = { catalog: view.catalog, issues: [], comments: [], history: [] };
    env = createEvalEnv(dataset, { user: null, now: 0, timeZone: view.timeZone });
    environments.set(view, env);
  }
  return env;
}

/** Does the issue, as the snapshot shows it, satisfy the Stage 1 predicate stored as `stage1Text`? */
export function satisfiesStage1(
  ctx: EngineContext,
  view: TenantView,
  stage1Text: string,
  snapshot: IssueSnapshot,
): boolean {
  const plan = ctx.plans.get(view, stage1Text);
  return evaluate(plan.stage1, snapshot, environmentOf(view));
}

/**
 * Membership after the event from a full snapshot (or deletion), for a subscription whose
 * Stage 1 text is `stage1Text` (null while its first populate runs); undefined: mark stale.
 */
export function membershipAfter(
  ctx: EngineContext,
  view: TenantView,
  stage1Text: string | null,
  event: IssueEventInput,
): boolean | undefined {
  if (stage1Text === null) return undefined;
  if (event.type === "issue_deleted") return false;
  if (!event.snapshot) return undefined;
  try {
    return satisfiesStage1(ctx, view, stage1Text, event.snapshot as IssueSnapshot);
  } catch (error) {
    ctx.logger.warn(
      { err: error, tenant: view.tenant },
      "could not evaluate Stage 1 on a snapshot; marking stale",
    );
    return undefined;
  }
}
