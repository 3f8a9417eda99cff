/**
 * The pre-computed report room's one entry point (docs/reports.md, "Layout"): what the
 * sidecar's http/ and cli/, event ingestion and plug-in tool modules use. Tests reach
 * internals (job state, batches, keys) by their own paths.
 */
export type { EntityView, ReportView } from "./api/report-view.js";
export type { RunRequest } from "./api/run-request.js";
export type { RunView } from "./api/run-view.js";
export {
  type ReportApi,
  ReportService,
  type ReportServiceOptions,
  type ToolInfo,
} from "./api/service.js";
export type {
  AnyReportTool,
  FinaliseContext,
  IssueFacet,
  IssueRow,
  ParamDoc,
  ReportRow,
  ReportTool,
  RunContext,
  StatusChange,
} from "./contract/contract.js";
export {
  type Contribution,
  type ContributionBuilder,
  createContribution,
  type MergedState,
  type MergeOp,
  mergeContributions,
  mergedState,
} from "./contract/contribution.js";
export { parseScope, type ResolvedScope, type ScopeSpec } from "./contract/scope.js";
export { badParams, isReportError, ReportError, type ReportErrorReason } from "./errors.js";
export { createReportMetrics, type ReportMetrics } from "./framework/metrics.js";
export { ToolRegistry } from "./framework/registry.js";
export {
  type ReportWorker,
  type ReportWorkerOptions,
  startReportWorker,
  type WorkerTuning,
} from "./framework/worker.js";
export {
  collect,
  collectParam,
  DEFAULT_REDIS_URL,
  openService,
  type ReportCliOptions,
  startCliWorker,
  stopSignal,
  type WorkerFlags,
  wholeNumber,
} from "./host/cli-context.js";
export { formatReport, formatRun } from "./host/cli-format.js";
export { type MetricsEndpoint, portNumber, serveMetrics } from "./host/metrics-endpoint.js";
export { ReportScheduler, type ReportSchedulerOptions } from "./host/scheduler.js";
export { openServerReports, type ServerReports } from "./host/server-reports.js";
export { REPORT_DEFAULTS, type ReportOptions, resolveReportOptions } from "./options.js";
export { countChanges, countRead, readActivity } from "./policy/activity.js";
export {
  type RefreshPolicyOptions,
  refreshPriority,
  resolveRefreshPolicy,
  staleness,
} from "./policy/refresh-policy.js";
export { reportActivityKey, reportJobKeys, reportJobPattern } from "./store/keys.js";
export type { RunState, RunTrigger } from "./store/run-records.js";
export { registryDatabases, type TenantDatabases } from "./store/tenant-databases.js";
export {
  builtInTools,
  unusedComponents,
  unusedCustomFields,
  unusedStatuses,
  unusedVersions,
} from "./tools/builtin.js";
export { type PresenceSpec, presenceTool } from "./tools/presence.js";
