export { createClient, type PublishOptions, type SubqClient } from "./client.js";
export {
  type ClientErrorCode,
  type ErrorCode,
  isSubqClientError,
  type JqlDiagnostic,
  type JqlErrorCode,
  jqlDiagnosticOf,
  type ServerErrorCode,
  SubqAbortError,
  SubqClientError,
  type SubqClientErrorFields,
  SubqJqlError,
  SubqNetworkError,
  SubqTimeoutError,
} from "./errors.js";
export type {
  ConfigEvent,
  ConfigEventType,
  FieldChange,
  Id,
  IndexedValues,
  IssueEvent,
  IssueSnapshot,
  SubqEvent,
} from "./events.js";
export type { ClientOptions, RetryOptions } from "./options.js";
export {
  type PollClient,
  type PollErrorInfo,
  type PollHandle,
  type PollOptions,
  type PollPhase,
  poll,
} from "./poll.js";
export type {
  Report,
  ReportBatchStats,
  ReportEntity,
  ReportRun,
  ReportRunRequest,
  ReportRunState,
} from "./report-types.js";
export type { ReportCalls, WaitForRunOptions } from "./reports.js";
export { type SseEvent, SseParser } from "./sse.js";
export type {
  AnswerSource,
  CallOptions,
  Consistency,
  ContainsRequest,
  ContainsResult,
  Explanation,
  HealthReport,
  IssueRef,
  PublishResult,
  QueryRef,
  ReadinessReport,
  SearchRequest,
  SearchResult,
  SubscriptionInfo,
  SubscriptionState,
  VersionInfo,
} from "./types.js";
export type { ReconnectInfo, WatchOptions } from "./watch.js";
