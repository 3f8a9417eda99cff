/**
 * The `subq` command line. Each command group lives in its own module and registers
 * itself on the root program; this module wires them together and turns errors into
 * one clear line on stderr (never a stack trace) and a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { registerBenchCommands } from "./bench-commands.js";
import { registerConfigCommands } from "./config-command.js";
import { registerDbCommands } from "./db-commands.js";
import { registerDemoCommand } from "./demo-command.js";
import { registerEventsCommands } from "./events-commands.js";
import { registerJqlCommands } from "./jql-commands.js";
import { registerReportCommands } from "./report-commands.js";
import { registerStartCommand } from "./start-command.js";
import { registerSubscriptionCommands } from "./subscription-commands.js";

export function buildProgram(): Command {
  const program = new Command("subq")
    .description("subq: a query-result cache for issue search (JQL)")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerJqlCommands(program);
  registerDbCommands(program);
  registerSubscriptionCommands(program);
  registerEventsCommands(program);
  registerReportCommands(program);
  registerStartCommand(program);
  registerConfigCommands(program);
  registerDemoCommand(program);
  registerBenchCommands(program);
  return program;
}

/** Runs the CLI on `argv` (without `node script`) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`subq: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
