/**
 * What `subq report` commands share (cli/report-commands.ts): the service over the
 * command's options (tenant registry, per-tenant pools, Redis from a URL, plug-in tools
 * loaded from modules), a worker with the command's tuning, and option parsers.
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError } from "commander";
import { Redis, type RedisOptions } from "ioredis";
import { wholeNumberAtLeast } from "../../cli/arguments.js";
import { type Env, loadTenantRegistry } from "../../db/tenants.js";
import { ReportService } from "../api/service.js";
import type { AnyReportTool } from "../contract/contract.js";
import { ReportError } from "../errors.js";
import type { ReportMetrics } from "../framework/metrics.js";
import { type ReportWorker, startReportWorker } from "../framework/worker.js";
import { registryDatabases } from "../store/tenant-databases.js";
import { builtInTools } from "../tools/builtin.js";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** The options of the `subq report` group. */
export interface ReportCliOptions {
  readonly redis?: string;
  readonly tenants?: string;
  readonly prefix?: string;
  readonly tools: string[];
}

export interface WorkerFlags {
  readonly concurrency?: number;
  readonly batchSize?: number;
  readonly lockMs?: number;
  readonly stalledMs?: number;
  /** Serve GET /metrics on this port (0: any free one). */
  readonly metricsPort?: number;
}

/** A service over the group's options, and how to close it with its tenant pools. */
export async function openService(
  options: ReportCliOptions,
  env: Env,
): Promise<{ readonly service: ReportService; close(): Promise<void> }> {
  const databases = registryDatabases(await loadTenantRegistry({ file: options.tenants, env }), {
    maxConnections: 4,
  });
  const service = new ReportService({
    connection: redisOptionsOf(options.redis ?? env.SUBQ_REDIS_URL ?? DEFAULT_REDIS_URL),
    databases,
    tools: await loadTools(options.tools),
    report: options.prefix ? { prefix: options.prefix } : {},
  });
  return {
    service,
    async close() {
      await service.close();
      await databases.close();
    },
  };
}

/** A worker sharing the service's tenants and tools, tuned by the command's flags. */
export function startCliWorker(
  service: ReportService,
  options: ReportCliOptions,
  env: Env,
  flags: WorkerFlags = {},
  metrics?: ReportMetrics,
): Promise<ReportWorker> {
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  return startReportWorker({
    connection: redisOptionsOf(options.redis ?? env.SUBQ_REDIS_URL ?? DEFAULT_REDIS_URL),
    databases: service.databases,
    tools: service.tools.list(),
    report: defined({ prefix: options.prefix, batchSize: flags.batchSize }),
    tuning: defined({
      scanConcurrency: flags.concurrency,
      lockDurationMs: flags.lockMs,
      stalledIntervalMs: flags.stalledMs,
    }),
    ...(metrics ? { metrics } : {}),
    onError: (error) => process.stderr.write(`subq report worker: ${error.message}\n`),
  });
}

/** ioredis options parsed from a redis:// URL (the queues open their own connections). */
export function redisOptionsOf(url: string): RedisOptions {
  const probe = new Redis(url, { lazyConnect: true });
  const { host, port, username, password, db, tls } = probe.options;
  probe.disconnect();
  return { host, port, username, password, db, tls, connectTimeout: 5_000 };
}

/** The built-in tools plus the `tools` array exported by each module. */
export async function loadTools(modules: readonly string[]): Promise<AnyReportTool[]> {
  const tools = builtInTools();
  for (const module of modules) {
    const loaded = (await import(pathToFileURL(resolve(module)).href)) as { tools?: unknown };
    if (!Array.isArray(loaded.tools)) {
      throw new ReportError(
        "E_REPORT_TOOL",
        `--tools ${module}: the module must export "tools", an array of report tools (see docs/reports.md)`,
      );
    }
    tools.push(...(loaded.tools as AnyReportTool[]));
  }
  return tools;
}

/** Resolves on SIGINT or SIGTERM. */
export function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq < 1) throw new InvalidArgumentError("expected name=value, e.g. days=30");
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export const wholeNumber = wholeNumberAtLeast(1);
