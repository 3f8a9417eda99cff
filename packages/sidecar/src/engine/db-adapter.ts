/**
 * The engine's TenantDatabase over the compiler and executor (src/db): one postgres.js
 * pool per tenant, a compiler catalog per catalog generation, and with it who may share
 * answers (answer-identity.ts). Every statement goes through the tenant's health gate.
 */
import type { Plan } from "@subq/jql";
import { type CompilerCatalog, createCompilerCatalog } from "../db/compiler/index.js";
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
import { AnswerIdentities } from "./answer-identity.js";
import type { DatabaseHealth } from "./database-health.js";
import { dbCall } from "./failures.js";
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

/** Runs the compiled statements through the tenant's health gate. */
class CompiledDatabase implements TenantDatabase {
  private readonly identities: AnswerIdentities;

  constructor(
    private readonly options: TenantSourceOptions,
    private readonly client: SqlClient,
    private readonly compiler: CompilerCatalog,
  ) {
    this.identities = new AnswerIdentities(compiler, options.permissionCacheSize);
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
    const input = { plan, ids, catalog: this.compiler, request: this.identities.request(requester), page };
    return guarded(this.options, () => runStage2(this.client, input, this.runOptions()));
  }

  runDirect(plan: Plan, requester: Requester, page: Page) {
    const input = { plan, catalog: this.compiler, request: this.identities.request(requester), page };
    return guarded(this.options, () => runDirect(this.client, input, this.runOptions()));
  }

  runShared(plan: Plan, ids: readonly string[] | null, requester: Requester, page: Page) {
    // Only the scope's issues: the grants were compared there (sharedIdentity).
    const { identities } = this;
    const scope = identities.dependenceOf(plan, requester.user).grants ? null : identities.scopeOf(plan);
    const request = identities.request(requester);
    const input = { plan, ids, scope, catalog: this.compiler, request, page };
    return guarded(this.options, () => runShared(this.client, input, this.runOptions()));
  }

  async contains(plan: Plan, ids: readonly string[] | null, requester: Requester, issue: string) {
    return guarded(this.options, async () => {
      const issueId = /^\d+$/.test(issue) ? issue : await issueIdOfKey(this.client, issue);
      if (issueId === null) return false;
      // Stage 1 is a relaxation: an issue outside it cannot be in the answer.
      if (ids !== null && !ids.includes(issueId)) return false;
      const where = ids === null ? plan.normalized.where : (plan.stage2?.where ?? null);
      const input = { where, issueId, catalog: this.compiler, request: this.identities.request(requester) };
      return (await runContains(this.client, input, this.runOptions())).contains;
    });
  }

  cacheIdentity(plan: Plan, user: string | null): string {
    return this.identities.cacheIdentity(plan, user);
  }

  sharedIdentity(plan: Plan, user: string | null): string | null {
    return this.identities.sharedIdentity(plan, user);
  }

  async indexedValues(issueIds: readonly string[]): Promise<ReadonlyMap<string, IndexedValues>> {
    if (issueIds.length === 0) return new Map();
    const rows = await guarded(this.options, () => readIndexedValues(this.client, issueIds));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async ping(): Promise<void> {
    await guarded(this.options, () => pingDatabase(this.client));
  }

  private runOptions() {
    return { timeoutMs: this.options.timeoutMs };
  }
}
