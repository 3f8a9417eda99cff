/**
 * `subq start [--role api|worker|all] [--config FILE]`: runs the sidecar with the
 * configuration from defaults < the file < SUBQ_* variables < these flags, until SIGTERM
 * or SIGINT. Configuration problems end it at once with one message naming what to fix.
 */
import type { Command } from "commander";
import { loadOptions } from "../config/load.js";
import type { ResolvedSidecarOptions, Role } from "../config/options.js";
import type { Env } from "../db/tenants.js";
import { createLogger, type Logger } from "../logger.js";
import { openServerReports } from "../reports/index.js";
import { type RunningServer, type ServerDeps, startServer } from "../server.js";

export interface StartCommandIo {
  readonly env?: Env;
  /** Default startServer (tests pass a stand-in). */
  readonly start?: (
    options: ResolvedSidecarOptions,
    deps: Pick<ServerDeps, "logger" | "reports">,
  ) => Promise<RunningServer>;
  readonly logger?: (options: ResolvedSidecarOptions) => Logger;
}

export function registerStartCommand(program: Command, io: StartCommandIo = {}): void {
  program
    .command("start")
    .description("run the sidecar (HTTP API and/or refresh worker) until SIGTERM or SIGINT")
    .option(
      "--role <role>",
      "api: serve the HTTP API; worker: work refresh jobs; all: both (overrides SUBQ_ROLE)",
    )
    .option(
      "--config <file>",
      "a JSON configuration file (overrides SUBQ_CONFIG); see `subq config reference`",
    )
    .action(async (flags: { role?: string; config?: string }) => {
      const warnings: string[] = [];
      const options = await loadOptions({
        file: flags.config,
        env: io.env ?? process.env,
        overrides:
          flags.role === undefined ? undefined : { options: { role: flags.role as Role }, origin: "--role" },
        warn: (message) => warnings.push(message),
      });
      const logger = (io.logger ?? ((o) => createLogger({ level: o.logLevel })))(options);
      for (const warning of warnings) logger.warn(warning);
      // The report API (docs/reports.md) is served by every API process; the server closes it.
      const reports = io.start ? null : await openServerReports(options);
      const server = await (io.start ?? startServer)(options, { logger, reports }).catch(
        async (error: unknown) => {
          await reports?.close();
          throw error;
        },
      );
      await server.closed;
    });
}
