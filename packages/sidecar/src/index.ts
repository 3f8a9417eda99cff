/**
 * The public entry point of `@subq/sidecar`: build the engine or serve it in-process,
 * resolve the options the way `subq start` does, the embedded stack `pnpm demo` runs on,
 * the public types, and the error classes a caller may catch. Only re-exports; the CLI
 * (`bin/subq.js`) is the other way in.
 */

export { type LoadSources, loadOptions } from "./config/load.js";
export type {
  Access,
  ColdPolicy,
  LogLevel,
  PublicRoute,
  QueueKind,
  ResolvedSidecarOptions,
  Role,
  SidecarOptions,
  TokenGrant,
} from "./config/options.js";
export { resolveOptions } from "./config/resolve.js";
export { CompileError, type CompileErrorCode, isCompileError } from "./db/compiler/errors.js";
export { DbError, type DbErrorCode, isDbError } from "./db/errors.js";
export {
  type EmbeddedStack,
  type EmbeddedStackOptions,
  startEmbeddedStack,
} from "./embedded/embedded-stack.js";
export { createEngine, type EngineDeps } from "./engine/create.js";
export type { EngineLogger, EngineMetrics } from "./engine/engine-metrics.js";
export type {
  AnswerSource,
  Consistency,
  ContainsRequest,
  ContainsResponse,
  Engine,
  ExplainResponse,
  IngestResult,
  IssueRef,
  QueryRef,
  ReadinessReport,
  SearchRequest,
  SearchResponse,
  SubscriptionInfo,
  VersionResponse,
} from "./engine/types.js";
export {
  type ErrorCode,
  isSubqBaseError,
  isSubqError,
  SubqBaseError,
  SubqError,
  type SubqErrorCode,
  type SubqErrorFields,
} from "./errors.js";
export type { Logger } from "./logger.js";
export type { Metrics } from "./metrics/metrics.js";
export { isStoreError, StoreError, type StoreErrorCode } from "./redis/errors.js";
export type { ServerReports } from "./reports/index.js";
export { type CloseOptions, type RunningServer, type ServerDeps, startServer } from "./server.js";
