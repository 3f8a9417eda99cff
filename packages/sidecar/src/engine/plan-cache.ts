/**
 * Memoized plans (parse → normalize with the tenant's catalog → split), per tenant,
 * catalog generation and JQL text. Invalid queries are remembered too, so a broken
 * dashboard polling every few seconds costs one parse, not one per poll.
 */
import { JqlError, type Plan, plan } from "@subq/jql";
import { Lru } from "./lru.js";
import type { TenantView } from "./tenant.js";

type Entry = { readonly plan: Plan } | { readonly error: JqlError };

export class PlanCache {
  private readonly entries: Lru<string, Entry>;

  constructor(capacity: number) {
    this.entries = new Lru(capacity);
  }

  /** The plan of `jql` for this tenant view; throws the query's JqlError. */
  get(view: TenantView, jql: string): Plan {
    const key = `${view.tenant}\u0000${view.generation}\u0000${jql}`;
    let entry = this.entries.get(key);
    if (!entry) {
      try {
        entry = { plan: plan(jql, { resolver: view.resolver }) };
      } catch (error) {
        if (!(error instanceof JqlError)) throw error;
        entry = { error };
      }
      this.entries.set(key, entry);
    }
    if ("error" in entry) throw entry.error;
    return entry.plan;
  }

  get size(): number {
    return this.entries.size;
  }
}
