export { countChanges, countRead, readActivity } from "./activity.js";
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
} from "./contract.js";
export {
  type Contribution,
  type ContributionBuilder,
  createContribution,
  type MergedState,
  type MergeOp,
  mergeContributions,
  mergedState,
} from "./contribution.js";
export { badParams, isReportError, ReportError, type ReportErrorReason } from "./errors.js";
export { reportActivityKey, reportJobKeys, reportJobPattern } from "./keys.js";
export { createReportMetrics, type ReportMetrics } from "./metrics.js";
export { REPORT_DEFAULTS, type ReportOptions, resolveReportOptions } from "./options.js";
export {
  type RefreshPolicyOptions,
  refreshPriority,
  resolveRefreshPolicy,
  staleness,
} from "./refresh-policy.js";
export { ToolRegistry } from "./registry.js";
export type { EntityView, ReportView } from "./report-view.js";
export type { RunState, RunTrigger } from "./run-records.js";
export type { RunRequest } from "./run-request.js";
export type { RunView } from "./run-view.js";
export { ReportScheduler, type ReportSchedulerOptions } from "./scheduler.js";
export { parseScope, type ResolvedScope, type ScopeSpec } from "./scope.js";
export { ReportService, type ReportServiceOptions, type ToolInfo } from "./service.js";
export { registryDatabases, type TenantDatabases } from "./tenant-databases.js";
export {
  builtInTools,
  unusedComponents,
  unusedCustomFields,
  unusedStatuses,
  unusedVersions,
} from "./tools/builtin.js";
export { type PresenceSpec, presenceTool } from "./tools/presence.js";
export {
  type ReportWorker,
  type ReportWorkerOptions,
  startReportWorker,
  type WorkerTuning,
} from "./worker.js";
