export {
  postgresClient,
  type Row,
  type SqlClient,
  type SqlQuery,
  timeoutSetting,
  transactionSettings,
} from "./client.js";
export { type IndexedValueRow, issueIdOfKey, pingDatabase, readIndexedValues } from "./issue-lookups.js";
export {
  type DbPosition,
  DEFAULT_TIMEOUT_MS,
  type IssueRef,
  type PageInput,
  type RunOptions,
  runContains,
  runDirect,
  runShared,
  runStage1,
  runStage2,
  type SearchPage,
  type SharedPage,
  type Stage1Result,
} from "./run.js";
export { parseSnapshot, type Snapshot, snapshotIncludes } from "./snapshot.js";
