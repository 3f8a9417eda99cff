/**
 * The report API of a sidecar process (`subq start`, role api or all): a ReportService
 * over the sidecar's own Redis and tenants, so the routes of docs/reports.md are served
 * next to search. It only enqueues and reads; batches are worked by `subq report worker`
 * processes sharing the Redis. Absent for the worker role (it serves no API) and with
 * Redis Cluster (the report queues are not set up for a cluster connection yet).
 */

import type { ResolvedSidecarOptions } from "../../config/options.js";
import { loadTenants } from "../../config/tenants.js";
import { type ReportApi, ReportService } from "../api/service.js";
import type { ReportOptions } from "../options.js";
import { registryDatabases } from "../store/tenant-databases.js";
import { redisOptionsOf } from "./cli-context.js";

export interface ServerReports {
  readonly api: ReportApi;
  /** Closes the queues' connections and the tenant pools. */
  close(): Promise<void>;
}

/** `report`: framework options (tests give each file its own queue prefix). */
export async function openServerReports(
  options: ResolvedSidecarOptions,
  report: ReportOptions = {},
): Promise<ServerReports | null> {
  if (options.role === "worker" || options.redis.cluster.length > 0) return null;
  const tenants = await loadTenants(options.tenants);
  const databases = registryDatabases(
    {
      tenants: Object.fromEntries(tenants.map(({ name, ...config }) => [name, config])),
      urlTemplate: null,
      origins: ["the sidecar's tenant options"],
    },
    { maxConnections: 2, statementTimeoutMs: options.db.statementTimeoutMs },
  );
  const service = new ReportService({
    connection: { ...redisOptionsOf(options.redis.url), connectTimeout: options.redis.connectTimeoutMs },
    databases,
    report,
  });
  return {
    api: service,
    async close() {
      await service.close();
      await databases.close();
    },
  };
}
