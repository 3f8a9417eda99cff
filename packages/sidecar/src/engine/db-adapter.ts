/**
 * The engine's TenantDatabase over the compiler and executor (src/db): one postgres.js
 * pool per tenant, a compiler catalog and permission contexts per catalog generation.
 */
import type { Plan } from "@subq/jql";
import {
  type CompilerCatalog,
  compileDirect,
  createCompilerCatalog,
  createPermissionContext,
  type PermissionContext,
  permissionClass,
  type SearchRequest,
  sharedPermissionClass,
} from "../db/compiler/index.js";
import type { Sql } from "../db/connect.js";
import { loadCatalog } from "../db/dataset.js";
import {
  issueIdOfKey,
  pingDatabase,
  postgresClient,
  readIndexedValues,
  runContains,
  runDirect,
  runShared,
  runStage1,
  runStage2,
  type SqlClient,
} from "../db/execute/index.js";
import { loadTenantSettings } from "../db/settings.js";
import type { DatabaseHealth } from "./database-health.js";
import { dbCall } from "./failures.js";
import { Lru } from "./lru.js";
import type { TenantSource } from "./tenant.js";
import type { IndexedValues, Page, Requester, TenantDatabase } from "./tenant-database.js";

export interface TenantSourceOptions {
  readonly tenant: string;
  readonly sql: Sql;
  /** Statement timeout of every search statement, ms. */
  readonly timeoutMs: number;
  /** Permission contexts kept per catalog generation. */
  readonly permissionCacheSize?: number;
  /** Fails calls at once while the database is known to be down (database-health.ts). */
  readonly health?: DatabaseHealth;
}

/** Runs a database call through the tenant's health gate, if it has one. */
function guarded<T>(options: TenantSourceOptions, work: () => Promise<T>): Promise<T> {
  const call = () => dbCall(options.tenant, work);
  return options.health ? options.health.call(call) : call();
}

export function createTenantSource(options: TenantSourceOptions): TenantSource {
  const client = postgresClient(options.sql);
  return {
    load: async () =>
      guarded(options, async () => {
        const [catalog, settings] = await Promise.all([
          loadCatalog(options.sql),
          loadTenantSettings(options.sql),
        ]);
        const compiler = createCompilerCatalog(catalog, settings);
        return {
          resolver: compiler.resolver,
          database: new CompiledDatabase(options, client, compiler),
          catalog,
          timeZone: settings.timeZone,
        };
      }),
    close: async () => {
      await Promise.all([options.health?.close(), options.sql.end({ timeout: 5 })]);
    },
  };
}

class CompiledDatabase implements TenantDatabase {
  private readonly permissions: Lru<
    string,
    { context: PermissionContext; cls: string; shared: Map<string, string> }
  >;
  private readonly dependence = new WeakMap<Plan, { user: boolean; grants: boolean }>();
  private readonly scopes = new WeakMap<Plan, readonly number[] | null>();

  constructor(
    private readonly options: TenantSourceOptions,
    private readonly client: SqlClient,
    private readonly compiler: CompilerCatalog,
  ) {
    this.permissions = new Lru(options.permissionCacheSize ?? 10_000);
  }

  async runStage1(plan: Plan) {
    const run = () => runStage1(this.client, { plan, catalog: this.compiler }, this.runOptions());
    const result = await guarded(this.options, run);
    return {
      ids: result.ids,
      position: `${result.position.lsn}@${result.position.snapshot}`,
      durationMs: result.durationMs,
    };
  }

  runStage2(plan: Plan, ids: readonly string[], requester: Requester, page: Page) {
    const input = { plan, ids, catalog: this.compiler, request: this.request(requester), page };
    return guarded(this.options, () => runStage2(this.client, input, this.runOptions()));
  }

  runDirect(plan: Plan, requester: Requester, page: Page) {
    const input = { plan, catalog: this.compiler, request: this.request(requester), page };
    return guarded(this.options, () => runDirect(this.client, input, this.runOptions()));
  }

  runShared(plan: Plan, ids: readonly string[] | null, requester: Requester, page: Page) {
    // Only the scope's issues: the grants were compared there (sharedIdentity).
    const scope = this.dependenceOf(plan, requester.user).grants ? null : this.scopeOf(plan);
    const input = { plan, ids, scope, catalog: this.compiler, request: this.request(requester), page };
    return guarded(this.options, () => runShared(this.client, input, this.runOptions()));
  }

  async contains(plan: Plan, ids: readonly string[] | null, requester: Requester, issue: string) {
    return guarded(this.options, async () => {
      const issueId = /^\d+$/.test(issue) ? issue : await issueIdOfKey(this.client, issue);
      if (issueId === null) return false;
      // Stage 1 is a relaxation: an issue outside it cannot be in the answer.
      if (ids !== null && !ids.includes(issueId)) return false;
      const where = ids === null ? plan.normalized.where : (plan.stage2?.where ?? null);
      const input = { where, issueId, catalog: this.compiler, request: this.request(requester) };
      return (await runContains(this.client, input, this.runOptions())).contains;
    });
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
  private dependenceOf(plan: Plan, user: string | null): { user: boolean; grants: boolean } {
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
  private scopeOf(plan: Plan): readonly number[] | null {
    let scope = this.scopes.get(plan);
    if (scope === undefined) {
      const values = plan.metadata.project;
      scope = values?.every((v) => /^\d{1,9}$/.test(v)) ? values.map(Number).sort((a, b) => a - b) : null;
      this.scopes.set(plan, scope);
    }
    return scope;
  }

  async indexedValues(issueIds: readonly string[]): Promise<ReadonlyMap<string, IndexedValues>> {
    if (issueIds.length === 0) return new Map();
    const rows = await guarded(this.options, () => readIndexedValues(this.client, issueIds));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async ping(): Promise<void> {
    await guarded(this.options, () => pingDatabase(this.client));
  }

  private permissionsOf(user: string | null) {
    const key = user ?? "\u0000anonymous";
    let entry = this.permissions.get(key);
    if (!entry) {
      const context = createPermissionContext(this.compiler.catalog, user);
      entry = { context, cls: permissionClass(context), shared: new Map() };
      this.permissions.set(key, entry);
    }
    return entry;
  }

  private request(requester: Requester): SearchRequest {
    return {
      search: { user: requester.user, now: requester.now },
      permissions: this.permissionsOf(requester.user).context,
    };
  }

  private runOptions() {
    return { timeoutMs: this.options.timeoutMs };
  }
}
