export type * from "./ast.js";
export {
  type CatalogResolver,
  CUSTOM_FIELD_TYPE_NAMES,
  type CustomFieldInfo,
  type ValueDomain,
} from "./catalog.js";
export { catalogResolver } from "./catalog-memory.js";
export {
  applyOffset,
  calendarDate,
  dateComparison,
  dateValue,
  dayBounds,
  durationSeconds,
  endOf,
  isPeriodIncrement,
  isRelativeOffset,
  type OffsetUnit,
  type OrderingOperator,
  type Period,
  parseDateLiteral,
  startOf,
  startOfDate,
  type WeekStart,
} from "./dates.js";
export {
  type Diagnostic,
  type DiagnosticCode,
  JqlError,
  positionOf,
  renderDiagnostic,
} from "./diagnostics.js";
export {
  commentVisible,
  createEvalEnv,
  type DatasetIndex,
  type EvalEnv,
  type EvalOptions,
  evaluate,
  evaluateQuery,
  indexDataset,
  issueComparator,
  isVisible,
  type Predicate,
  predicateOf,
  searchIssues,
} from "./evaluate/index.js";
export {
  type ClauseClass,
  FIELD_ALIASES,
  type FieldKind,
  lookupSystemField,
  SYSTEM_FIELDS,
  type SystemField,
  systemField,
  UNSUPPORTED_FIELDS,
} from "./fields.js";
export { FUNCTIONS, type FunctionResult, type JqlFunction, lookupFunction } from "./functions.js";
export { SUBSCRIPTION_HASH_LENGTH, subscriptionHash } from "./hash.js";
export { DEFAULT_METADATA_FIELDS, extractMetadata, type Metadata } from "./metadata.js";
export type * from "./model.js";
export { flipOperator, pushNotDown } from "./negation.js";
export {
  type NormalizedQuery,
  type NormalizeOptions,
  normalize,
  normalizeQuery,
} from "./normalize/normalize.js";
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_LENGTH, type ParseOptions, parse, tryParse } from "./parser.js";
export { type PersonalField, personalField } from "./personal.js";
export { type ClausePlan, type Plan, type PlanJson, type PlanOptions, plan, planToJson } from "./plan.js";
export { print, printClause, printField, printLiteral, printOperand, printString } from "./printer.js";
export { fieldKey, stage2Reads, systemFieldKey } from "./reads.js";
export { type Kept, type Split, type SplitOptions, split } from "./split/split.js";
export {
  parseTextQuery,
  type TextTerm,
  textMatcher,
  textQueryToPostgresPatterns,
  textTermPattern,
  wordsOf,
} from "./text-query.js";
export { type TimeZone, timeZone, type ZoneInput } from "./time-zone.js";
