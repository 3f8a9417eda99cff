/**
 * The whole query on Postgres through the compiler's direct SQL (`runDirect`): what the
 * Direct configuration runs on every poll, the TTL cache's factory, and the reference
 * answer of the correctness checks. Plans and permission contexts are memoized, as an
 * application would keep them.
 */
import { catalogResolver, type Plan, plan } from "../../packages/jql/src/index.js";
import {
  createPermissionContext,
  type PermissionContext,
  postgresClient,
  runDirect,
  type Sql,
  type SqlClient,
} from "../../packages/sidecar/src/db/index.js";
import type { TenantFacts } from "./tenant-facts.js";

export interface Answer {
  readonly ids: readonly string[];
  readonly keys: readonly string[];
  readonly total: number;
  /** subq only. */
  readonly version?: number;
  readonly stale?: boolean;
  readonly source?: string;
}

export class DirectSearch {
  private readonly client: SqlClient;
  private readonly plans = new Map<string, Plan>();
  private readonly permissions = new Map<string, PermissionContext>();
  /** Direct executions by JQL text (the stampede count of the in-process configurations). */
  readonly executions = new Map<string, number>();

  constructor(
    sql: Sql,
    private readonly facts: TenantFacts,
    private readonly timeoutMs = 30_000,
  ) {
    this.client = postgresClient(sql);
  }

  planOf(jql: string): Plan {
    let planned = this.plans.get(jql);
    if (!planned) {
      planned = plan(jql, { resolver: catalogResolver(this.facts.catalog) });
      this.plans.set(jql, planned);
    }
    return planned;
  }

  async search(user: string, jql: string, maxResults: number): Promise<Answer> {
    let permissions = this.permissions.get(user);
    if (!permissions) {
      permissions = createPermissionContext(this.facts.catalog, user);
      this.permissions.set(user, permissions);
    }
    this.executions.set(jql, (this.executions.get(jql) ?? 0) + 1);
    const page = await runDirect(
      this.client,
      {
        plan: this.planOf(jql),
        catalog: this.facts.compiler,
        request: { search: { user, now: Date.now() }, permissions },
        page: { startAt: 0, maxResults },
      },
      { timeoutMs: this.timeoutMs },
    );
    return { ids: page.issues.map((i) => i.id), keys: page.issues.map((i) => i.key), total: page.total };
  }
}
