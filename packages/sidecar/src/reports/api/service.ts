/**
 * ReportService: the transport-free API of reports (HTTP routes, the CLI and the
 * scheduler call it). It validates a request completely before anything is written —
 * tool, parameters, scope against the tenant's catalog — records the run and enqueues its
 * Initialise; workers (framework/worker.ts) do the rest.
 */
import type { Sql } from "../../db/connect.js";
import {
  openQueueConnections,
  type QueueConnection,
  type QueueConnections,
} from "../../refresh/bullmq-connection.js";
import type { AnyReportTool, ParamDoc } from "../contract/contract.js";
import { parseScope, type ResolvedScope, scopeHash } from "../contract/scope.js";
import { notMigrated, ReportError } from "../errors.js";
import { ReportQueues } from "../framework/queues.js";
import { ToolRegistry } from "../framework/registry.js";
import { resolveScope } from "../framework/scope-resolve.js";
import { type ReportOptions, type ResolvedReportOptions, resolveReportOptions } from "../options.js";
import { countRead, readActivity, readCounter } from "../policy/activity.js";
import {
  type RefreshPolicy,
  type RefreshPolicyOptions,
  resolveRefreshPolicy,
} from "../policy/refresh-policy.js";
import { readHead, readRows } from "../store/report-read.js";
import {
  findActiveRun,
  insertRun,
  loadRun,
  type RunState,
  type RunTrigger,
  stopRun,
} from "../store/run-records.js";
import type { TenantDatabases } from "../store/tenant-databases.js";
import { builtInTools } from "../tools/builtin.js";
import { type ReportView, reportView } from "./report-view.js";
import { checkAsOf, checkMaxRuntime, type RunRequest } from "./run-request.js";
import { type RunView, runView } from "./run-view.js";

export interface ReportServiceOptions {
  /** Redis for the queues and counters: ioredis options or a client factory. */
  readonly connection: QueueConnection;
  readonly databases: TenantDatabases;
  readonly tools?: Iterable<AnyReportTool>;
  readonly report?: ReportOptions;
  readonly policy?: RefreshPolicyOptions;
  /** Counting a read failed (the read itself still answers). Default: ignored. */
  readonly onError?: (error: Error) => void;
}

export interface ToolInfo {
  readonly name: string;
  readonly description: string;
  readonly entityType: string;
  readonly params: readonly ParamDoc[];
}

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly states?: readonly RunState[];
}

const FINISHED: readonly RunState[] = ["succeeded", "failed", "expired", "superseded"];

/** What the HTTP routes need of the service (tests may pass a fake). */
export type ReportApi = Pick<ReportService, "startRun" | "getRun" | "getReport">;

export class ReportService {
  readonly tools: ToolRegistry;
  readonly options: ResolvedReportOptions;
  readonly policy: RefreshPolicy;
  readonly queues: ReportQueues;
  readonly #connections: QueueConnections;
  readonly databases: TenantDatabases;
  readonly #onError: (error: Error) => void;

  constructor(options: ReportServiceOptions) {
    this.options = resolveReportOptions(options.report);
    this.policy = resolveRefreshPolicy(options.policy);
    this.tools = new ToolRegistry(options.tools ?? builtInTools());
    this.#connections = openQueueConnections(options.connection);
    this.queues = new ReportQueues(this.#connections, this.options);
    this.databases = options.databases;
    this.#onError = options.onError ?? (() => {});
  }

  get redis() {
    return this.#connections.producer;
  }

  listTools(): ToolInfo[] {
    return this.tools
      .list()
      .map(({ name, description, entityType, params }) => ({ name, description, entityType, params }));
  }

  async startRun(
    tenant: string,
    toolName: string,
    request: RunRequest,
    trigger: RunTrigger = "adhoc",
  ): Promise<RunView> {
    const tool = this.tools.get(toolName);
    const params = tool.parseParams(request.params ?? {}) as Record<string, unknown>;
    const asOfMs = checkAsOf(request.asOf, this.options.clock());
    const maxRuntimeMs = checkMaxRuntime(request.maxRuntimeMs, this.options.maxRuntimeMs);
    return this.#withTenant(tenant, async (db) => {
      const scope = await resolveScope(db, parseScope(request.scope, "body.scope"), "body.scope");
      const key = { tenant, tool: tool.name, scope: scope.text };
      if (request.coalesce !== false) {
        const active = await findActiveRun(db, key, params);
        if (active) return runView(this.redis, active, true);
      }
      const scopeDigest = scopeHash(scope.text);
      const activity = await readActivity(this.redis, tenant);
      const run = await insertRun(db, {
        ...key,
        scopeProjects: scope.projectIds,
        params,
        trigger,
        asOf: new Date(asOfMs),
        maxRuntimeMs,
        readsMark: activity.reads(readCounter(tool.name, scopeDigest)),
        changesMark: activity.changes(scope.projectIds),
      });
      try {
        // Only the reference travels: workers load the run from its row (phases/run-contexts.ts).
        await this.queues.enqueueInit({ tenant, runId: run.id });
      } catch (error) {
        await stopRun(db, run.id, "failed", `could not enqueue the run: ${String(error)}`).catch(() => null);
        throw error;
      }
      return runView(this.redis, run);
    });
  }

  async getRun(tenant: string, toolName: string, runId: string): Promise<RunView> {
    const tool = this.tools.get(toolName);
    return this.#withTenant(tenant, async (db) => {
      const run = /^[1-9][0-9]{0,18}$/.test(runId) ? await loadRun(db, runId) : null;
      if (!run || run.tool !== tool.name) {
        throw new ReportError("E_REPORT_RUN_NOT_FOUND", `tenant ${tenant} has no ${tool.name} run ${runId}`, {
          tenant,
          where: "path.id",
        });
      }
      return runView(this.redis, run);
    });
  }

  /** Polls the run until it reaches one of `states` (default: any end); throws after `timeoutMs`. */
  async waitForRun(
    tenant: string,
    toolName: string,
    runId: string,
    { timeoutMs = 600_000, intervalMs = 100, states = FINISHED }: WaitOptions = {},
  ): Promise<RunView> {
    const deadline = this.options.clock() + timeoutMs;
    for (;;) {
      const run = await this.getRun(tenant, toolName, runId);
      if (states.includes(run.state)) return run;
      if (this.options.clock() > deadline) {
        throw new ReportError(
          "E_REPORT_WAIT_TIMEOUT",
          `run ${runId} is still ${run.state} after ${timeoutMs} ms; are workers running (subq report worker)?`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  async getReport(tenant: string, toolName: string, scopeText: string): Promise<ReportView> {
    const tool = this.tools.get(toolName);
    return this.#withTenant(tenant, async (db) => {
      const scope = await resolveScope(db, parseScope(scopeText));
      const key = { tenant, tool: tool.name, scope: scope.text };
      const [head, rows] = await Promise.all([readHead(db, key), readRows(db, key)]);
      if (!head) throw noReport(tenant, tool.name, scope);
      const scopeDigest = scopeHash(scope.text);
      const activity = await readActivity(this.redis, tenant);
      countRead(this.redis, tenant, readCounter(tool.name, scopeDigest), this.options.activityTtlMs).catch(
        (error: unknown) => this.#onError(error instanceof Error ? error : new Error(String(error))),
      );
      return reportView({
        tenant,
        scopeDigest,
        head,
        rows,
        activity,
        policy: this.policy,
        nowMs: this.options.clock(),
      });
    });
  }

  async close(): Promise<void> {
    await this.queues.close();
    await this.#connections.close();
  }

  async #withTenant<T>(tenant: string, work: (db: Sql) => Promise<T>): Promise<T> {
    try {
      return await work(this.databases.sql(tenant));
    } catch (error) {
      throw notMigrated(tenant, error) ?? error;
    }
  }
}

function noReport(tenant: string, tool: string, scope: ResolvedScope): ReportError {
  return new ReportError(
    "E_REPORT_NOT_FOUND",
    `no ${tool} report for ${scope.text} yet; start one with POST /v1/tenants/${tenant}/reports/${tool}/runs ` +
      `{"scope": "${scope.text}"} or \`subq report run --tenant ${tenant} --tool ${tool} --scope '${scope.text}'\``,
    { tenant, where: "query.scope" },
  );
}
