/**
 * `subq report ...`: pre-computed reports from the command line.
 *
 *   subq report tools
 *   subq report run --tenant acme --tool unused-custom-fields --scope project:FOO [--param days=30] [--wait [--work]]
 *   subq report show --tenant acme --tool unused-custom-fields --scope project:FOO [--all] [--json]
 *   subq report status --tenant acme --tool unused-custom-fields --run 12 [--json]
 *   subq report worker [--concurrency 2] [--schedule acme,globex] [--metrics-port 9480]
 *
 * Runs are worked by `subq report worker` processes (any number, on any machine sharing
 * the Redis); `run --wait --work` also works them in this process until the run ends.
 */
import { Command } from "commander";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Env } from "../db/tenants.js";
import {
  collect,
  collectParam,
  createReportMetrics,
  DEFAULT_REDIS_URL,
  formatReport,
  formatRun,
  openService,
  portNumber,
  type ReportCliOptions,
  ReportScheduler,
  type ReportService,
  serveMetrics,
  startCliWorker,
  stopSignal,
  type WorkerFlags,
  wholeNumber,
} from "../reports/index.js";

export interface ReportCommandIo {
  readonly env?: Env;
  readonly stdout?: (line: string) => void;
  /** Resolves when the worker command should stop. Default: SIGINT or SIGTERM. */
  readonly stopSignal?: () => Promise<void>;
}

interface Target {
  readonly tenant: string;
  readonly tool: string;
  readonly json?: boolean;
}

interface RunFlags extends Target {
  readonly scope: string;
  readonly param: Record<string, string>;
  readonly asOf?: string;
  readonly maxRuntimeMs?: number;
  readonly coalesce: boolean;
  readonly wait?: boolean;
  readonly work?: boolean;
  readonly timeoutMs: number;
}

export function registerReportCommands(program: Command, io: ReportCommandIo = {}): void {
  const env = io.env ?? process.env;
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const print = (json: boolean | undefined, value: object, lines: () => string[]) => {
    if (json) out(JSON.stringify(value, null, 2));
    else for (const line of lines()) out(line);
  };
  /** Runs `work` with a service over the group's options, closed after. */
  const withService = async (
    command: Command,
    work: (service: ReportService, options: ReportCliOptions) => Promise<void>,
  ) => {
    const options = command.optsWithGlobals<ReportCliOptions>();
    const opened = await openService(options, env);
    try {
      await work(opened.service, options);
    } finally {
      await opened.close();
    }
  };
  const report = program
    .command("report")
    .description("pre-computed reports: unused custom fields, statuses, components, versions")
    .option("--redis <url>", `Redis of the report queues (default SUBQ_REDIS_URL or ${DEFAULT_REDIS_URL})`)
    .option(
      "--tenants <file>",
      "tenant registry JSON file (default: SUBQ_TENANTS_FILE, SUBQ_TENANTS, SUBQ_DATABASE_URL)",
    )
    .option("--prefix <prefix>", "prefix of the report queues' keys (default {subq-reports})")
    .option(
      "--tools <module>",
      "also load the report tools a module exports as `tools` (repeatable)",
      collect,
      [],
    );
  const target = (command: Command) =>
    command
      .requiredOption("--tenant <name>", "tenant name")
      .requiredOption("--tool <name>", "report tool (see `subq report tools`)")
      .option("--json", "print JSON");

  report
    .command("tools")
    .description("list the report tools and their parameters")
    .action((_flags: unknown, command: Command) =>
      withService(command, async (service) => {
        for (const tool of service.listTools()) {
          out(`${tool.name}  [${tool.entityType}]  ${tool.description}`);
          for (const p of tool.params)
            out(`    --param ${p.name}=<value> (default ${p.default}): ${p.description}`);
        }
      }),
    );

  target(report.command("run"))
    .description("start a run of a report (joins a run of the same report already in progress)")
    .requiredOption("--scope <scope>", "project:KEY, jql:<query> or tenant")
    .option("--param <name=value>", "a tool parameter, e.g. days=30 (repeatable)", collectParam, {})
    .option("--as-of <instant>", "the run's now (ISO 8601); windows end here")
    .option("--max-runtime-ms <ms>", "stop the run this long after it starts", wholeNumber)
    .option("--no-coalesce", "always start a new run")
    .option("--wait", "wait until the run ends, then print the report")
    .option("--work", "with --wait: also work the run in this process")
    .option("--timeout-ms <ms>", "with --wait: give up after this long", wholeNumber, 600_000)
    .action((flags: RunFlags, command: Command) =>
      withService(command, async (service, options) => {
        const worker = flags.wait && flags.work ? await startCliWorker(service, options, env) : null;
        try {
          const request = {
            scope: flags.scope,
            params: flags.param,
            asOf: flags.asOf,
            maxRuntimeMs: flags.maxRuntimeMs,
          };
          let run = await service.startRun(flags.tenant, flags.tool, {
            ...request,
            coalesce: flags.coalesce,
          });
          if (flags.wait)
            run = await service.waitForRun(flags.tenant, flags.tool, run.id, { timeoutMs: flags.timeoutMs });
          print(flags.json, run, () => formatRun(run));
          if (flags.wait && run.state === "succeeded" && !flags.json) {
            for (const line of formatReport(
              await service.getReport(flags.tenant, flags.tool, run.scope),
              false,
            ))
              out(line);
          }
          if (flags.wait && run.state !== "succeeded") process.exitCode = 1;
        } finally {
          await worker?.close();
        }
      }),
    );

  target(report.command("show"))
    .description("print the latest report of a scope: what is unused and why, its age and staleness")
    .requiredOption("--scope <scope>", "project:KEY, jql:<query> or tenant")
    .option("--all", "also list the entities in use")
    .action((flags: Target & { scope: string; all?: boolean }, command: Command) =>
      withService(command, async (service) => {
        const shown = await service.getReport(flags.tenant, flags.tool, flags.scope);
        print(flags.json, shown, () => formatReport(shown, flags.all === true));
      }),
    );

  target(report.command("status"))
    .description("print a run's state and progress")
    .requiredOption("--run <id>", "run id")
    .action((flags: Target & { run: string }, command: Command) =>
      withService(command, async (service) => {
        const run = await service.getRun(flags.tenant, flags.tool, flags.run);
        print(flags.json, run, () => formatRun(run));
      }),
    );

  report
    .command("worker")
    .description("work report runs (Initialise, scan batches, Finalise, deadlines) until SIGINT or SIGTERM")
    .option("--concurrency <n>", "scan batches at once in this process (default 2)", wholeNumber)
    .option(
      "--batch-size <n>",
      "issues per batch of the runs this process initialises (default 2000)",
      wholeNumber,
    )
    .option(
      "--lock-ms <ms>",
      "BullMQ job lock; a dead worker's batch is retried after it (default 30000)",
      wholeNumber,
    )
    .option("--stalled-ms <ms>", "how often to look for batches of dead workers (default 30000)", wholeNumber)
    .option("--schedule <tenants>", "also run the refresh scheduler over these tenants (comma-separated)")
    .option(
      "--metrics-port <port>",
      "serve GET /metrics (report and process metrics) on this port, 0: any free one",
      portNumber,
    )
    .option("--metrics-host <host>", "address of the metrics endpoint (default 127.0.0.1)")
    .action((flags: WorkerFlags & { schedule?: string; metricsHost?: string }, command: Command) =>
      withService(command, async (service, options) => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: "subq_" });
        const metrics = createReportMetrics(registry);
        const worker = await startCliWorker(service, options, env, flags, metrics);
        const endpoint =
          flags.metricsPort === undefined
            ? null
            : await serveMetrics(registry, flags.metricsPort, flags.metricsHost);
        const tenants = flags.schedule?.split(",") ?? [];
        const scheduler = tenants.length
          ? new ReportScheduler({ service, databases: service.databases, tenants: () => tenants, metrics })
          : null;
        scheduler?.start();
        if (endpoint) out(`metrics: ${endpoint.url}`);
        out(`ready: report worker ${process.pid}`);
        await (io.stopSignal ?? stopSignal)();
        await scheduler?.stop();
        await worker.close();
        await endpoint?.close();
      }),
    );
}

/** A root program with only the report commands (tests); errors throw instead of exiting. */
export function createReportProgram(io: ReportCommandIo = {}): Command {
  const program = new Command("subq").exitOverride();
  registerReportCommands(program, io);
  return program;
}
