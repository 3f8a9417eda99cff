export type { BulkLoadResult } from "./bulk-load.js";
export { type CatalogNames, writeCatalog } from "./catalog-writer.js";
export * from "./compiler/index.js";
export {
  connect,
  type DbOptions,
  type Queryable,
  type ResolvedDbOptions,
  resolveDbOptions,
  type Sql,
} from "./connect.js";
export { loadCatalog, loadDataset } from "./dataset.js";
export { writeDataset } from "./dataset-writer.js";
export { adminUrlOf, databaseNameOf, ensureTenantDatabase } from "./ensure-database.js";
export { DbError, type DbErrorCode, isDbError } from "./errors.js";
export * from "./execute/index.js";
export { IssueWriter } from "./issue-writer.js";
export {
  defaultDatasetDir,
  type JiraLoadOptions,
  type JiraLoadResult,
  loadJiraDataset,
} from "./load/jira-load.js";
export type {
  JiraCommentRecord,
  JiraEventRecord,
  JiraEventType,
  JiraIssueRecord,
  JiraProjectRecord,
} from "./load/jira-records.js";
export { readJiraComments, readJiraEvents, readJiraIssues, readJiraProjects } from "./load/jira-records.js";
export {
  defaultMigrationsDir,
  type MigrateResult,
  type Migration,
  migrate,
  readMigrations,
} from "./migrate.js";
export {
  DEFAULT_SEED_NOW,
  MAX_SEED_ISSUES,
  type SeedOptions,
  type SeedResult,
  seedTenant,
} from "./seed/seed.js";
export { loadTenantSettings, type TenantSettings, writeTenantSettings } from "./settings.js";
export { DATA_TABLES, isTenantEmpty, resetTenantData } from "./tables.js";
export {
  DEFAULT_DATABASE_URL_TEMPLATE,
  type Env,
  loadTenantRegistry,
  parseTenantConfig,
  type ResolvedTenant,
  resolveTenant,
  type TenantConfig,
  type TenantRegistry,
} from "./tenants.js";
