export {
  type CompilerCatalog,
  createCompilerCatalog,
  type RankMap,
  type TenantCalendar,
} from "./compiler-catalog.js";
export type { DependsOn, SearchMoment } from "./env.js";
export { CompileError, type CompileErrorCode, isCompileError } from "./errors.js";
export {
  PERMISSION_CLASS_LENGTH,
  permissionClass,
  permissionsNameUser,
  sharedPermissionClass,
} from "./permission-class.js";
export {
  createPermissionContext,
  type PermissionContext,
  personalGrants,
  withoutPersonalGrants,
} from "./permissions.js";
export {
  type CompiledSql,
  compileContains,
  compileCount,
  compileDirect,
  compileStage1,
  compileStage2,
  MAX_PAGE,
  type Page,
  type SearchRequest,
} from "./statements.js";
