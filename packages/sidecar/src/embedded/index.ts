export {
  createDemoTenant,
  DEMO_ISSUES,
  DEMO_SEED,
  type DemoTenant,
  type DemoTenantOptions,
} from "./demo-tenant.js";
export {
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded-postgres.js";
export { createEmbeddedRedis, type EmbeddedRedis } from "./embedded-redis.js";
export { type EmbeddedStack, type EmbeddedStackOptions, startEmbeddedStack } from "./embedded-stack.js";
