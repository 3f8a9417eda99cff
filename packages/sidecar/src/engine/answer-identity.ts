/**
 * Who may share a cached answer (engine/search.ts keys Stage 2 and shared answers by it):
 * users with identical effective grants share, unless the plan depends on who searches.
 * Holds the per-user permission contexts (an LRU) and what each plan depends on, both
 * memoized per catalog generation (one instance per compiler catalog), because searches
 * ask on every request.
 */
import type { Plan } from "@subq/jql";
import {
  type CompilerCatalog,
  compileDirect,
  createPermissionContext,
  type PermissionContext,
  permissionClass,
  type SearchRequest,
  sharedPermissionClass,
} from "../db/compiler/index.js";
import { Lru } from "./lru.js";
import type { Requester } from "./tenant-database.js";

interface Permissions {
  readonly context: PermissionContext;
  /** The user's permission class: users with identical effective grants. */
  readonly cls: string;
  /** Shared-answer classes by "<grants> <scope>". */
  readonly shared: Map<string, string>;
}

export interface PlanDependence {
  /** The answer depends on who searches beyond their grants (currentUser(), ...). */
  readonly user: boolean;
  /** It depends on grants beyond the visibility test. */
  readonly grants: boolean;
}

export class AnswerIdentities {
  private readonly permissions: Lru<string, Permissions>;
  private readonly dependence = new WeakMap<Plan, PlanDependence>();
  private readonly scopes = new WeakMap<Plan, readonly number[] | null>();

  constructor(
    private readonly compiler: CompilerCatalog,
    permissionCacheSize = 10_000,
  ) {
    this.permissions = new Lru(permissionCacheSize);
  }

  /** The compiler's request for a search by `requester`, with their permission context. */
  request(requester: Requester): SearchRequest {
    return {
      search: { user: requester.user, now: requester.now },
      permissions: this.permissionsOf(requester.user).context,
    };
  }

  cacheIdentity(plan: Plan, user: string | null): string {
    const { cls } = this.permissionsOf(user);
    return this.dependenceOf(plan, user).user ? `${cls}.${user ?? "-"}` : cls;
  }

  sharedIdentity(plan: Plan, user: string | null): string | null {
    const depends = this.dependenceOf(plan, user);
    if (depends.user) return null;
    // Memoized per user and (scope, grants): searches ask on every request.
    const { context, shared } = this.permissionsOf(user);
    const scope = this.scopeOf(plan);
    const key = `${depends.grants} ${scope?.join(",") ?? "*"}`;
    let cls = shared.get(key);
    if (cls === undefined) {
      cls = `s.${sharedPermissionClass(context, scope, depends.grants)}`;
      shared.set(key, cls);
    }
    return cls;
  }

  /**
   * Does the plan's answer depend on who is searching, beyond their grants, and on grants
   * beyond the visibility test? The compiler records every read of the searcher
   * (currentUser() anywhere, also in a history clause's BY, which the planner classes as
   * external, not as user) and of the grants; when it cannot tell, both.
   */
  dependenceOf(plan: Plan, user: string | null): PlanDependence {
    let depends = this.dependence.get(plan);
    if (depends === undefined) {
      try {
        const request = this.request({ user, now: Date.now() });
        const compiled = compileDirect(plan.normalized, this.compiler, request, {
          startAt: 0,
          maxResults: 1,
        });
        depends = { user: compiled.dependsOn.user, grants: compiled.dependsOn.grants };
      } catch {
        depends = { user: true, grants: true };
      }
      this.dependence.set(plan, depends);
    }
    return depends;
  }

  /**
   * The projects every issue of the plan's answer lies in, from the Stage 1 metadata
   * (sound: a member's project is in the set); null when unrestricted or not all ids.
   */
  scopeOf(plan: Plan): readonly number[] | null {
    let scope = this.scopes.get(plan);
    if (scope === undefined) {
      const values = plan.metadata.project;
      scope = values?.every((v) => /^\d{1,9}$/.test(v)) ? values.map(Number).sort((a, b) => a - b) : null;
      this.scopes.set(plan, scope);
    }
    return scope;
  }

  private permissionsOf(user: string | null): Permissions {
    const key = user ?? "\u0000anonymous";
    let entry = this.permissions.get(key);
    if (!entry) {
      const context = createPermissionContext(this.compiler.catalog, user);
      entry = { context, cls: permissionClass(context), shared: new Map() };
      this.permissions.set(key, entry);
    }
    return entry;
  }
}
