/** What the phase processors share in one worker process. */
import type { RedisClient } from "../../../redis/script-client.js";
import type { RunContext } from "../../contract/contract.js";
import type { ResolvedReportOptions } from "../../options.js";
import { type ReportJobKeys, reportJobKeys } from "../../store/keys.js";
import type { TenantDatabases } from "../../store/tenant-databases.js";
import type { ReportMetrics } from "../metrics.js";
import type { ReportQueues } from "../queues.js";
import type { ToolRegistry } from "../registry.js";
import type { LoadedRun, RunContexts } from "./run-contexts.js";

export interface PhaseDeps {
  /** A client with the subq scripts defined (redis/store.ts createStore). */
  readonly redis: RedisClient;
  readonly queues: ReportQueues;
  readonly databases: TenantDatabases;
  /** The runs this process works on, loaded from their rows. */
  readonly runs: RunContexts;
  readonly tools: ToolRegistry;
  readonly options: ResolvedReportOptions;
  readonly metrics: ReportMetrics;
  /** Where phases report what they could not report otherwise (a failed cleanup). */
  readonly onError: (error: Error) => void;
}

export function keysOf(run: LoadedRun): ReportJobKeys {
  return reportJobKeys(run.tenant, run.scopeDigest, run.runId);
}

/** The tool of the run and the context its functions receive, parameters parsed again. */
export function toolContext(deps: PhaseDeps, run: LoadedRun) {
  const tool = deps.tools.get(run.tool);
  const context: RunContext<unknown> = {
    tenant: run.tenant,
    runId: run.runId,
    scope: run.scope,
    params: tool.parseParams(run.params),
    asOfMs: run.asOfMs,
  };
  return { tool, context };
}
