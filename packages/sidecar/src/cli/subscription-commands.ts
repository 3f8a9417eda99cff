/**
 * `subq sub ...`: the operator commands for a tenant's subscriptions (cached Stage 1
 * results) as stored in Redis. This module registers the group and its options; each
 * command is a module of `subscription/`.
 *
 *   subq sub ls --tenant acme [--json]
 *   subq sub show <id> --tenant acme [--sample 20] [--json]
 *   subq sub refresh <id> --tenant acme [--wait [--timeout-ms 30000]] | [--here]
 *   subq sub drop <id> --tenant acme
 *
 * Redis comes from the sidecar's configuration (--config, SUBQ_REDIS_URL or
 * SUBQ_REDIS_CLUSTER) or --redis. `refresh` without --here enqueues the job on the fleet's
 * refresh queue, where any sidecar with the worker role runs it; --here runs the same
 * refresh handler in this process (it needs the tenant's database).
 */
import { Command } from "commander";
import { type OperatorIo, writers } from "./operator.js";
import { registerDropCommand } from "./subscription/drop.js";
import { registerLsCommand } from "./subscription/ls.js";
import { registerRefreshCommand } from "./subscription/refresh.js";
import { createContext } from "./subscription/shared.js";
import { registerShowCommand } from "./subscription/show.js";

const EXAMPLES = `
States: fresh (served from the cache), stale (an event dirtied it or it is older than the
staleness bound: served while one refresh runs), too-large (more than store.maxMembers
ids: answered from the database), populating (the first query is running), missing (a
populate gave up; the next search tries again).

Examples:
  $ subq sub ls --tenant acme
  $ subq sub show 3f9c0a1b2c --tenant acme --json
  $ subq sub refresh 3f9c0a1b2c --tenant acme --wait
  $ subq sub drop 3f9c0a1b2c --tenant acme`;

export function registerSubscriptionCommands(program: Command, io: OperatorIo = {}): void {
  const sub = program
    .command("sub")
    .description("inspect, refresh and drop a tenant's cached query results (subscriptions) in Redis")
    .option("--config <file>", "the sidecar's JSON configuration file (overrides SUBQ_CONFIG)")
    .option("--redis <url>", "Redis to use (overrides redis.url, SUBQ_REDIS_URL and SUBQ_REDIS_CLUSTER)")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", EXAMPLES);
  const context = createContext(io.env ?? process.env, writers(io).out);
  registerLsCommand(sub, context);
  registerShowCommand(sub, context);
  registerRefreshCommand(sub, context);
  registerDropCommand(sub, context);
}

/** A root program with only the subscription commands (tests); errors throw instead of exiting. */
export function createSubscriptionProgram(io: OperatorIo = {}): Command {
  const program = new Command("subq").exitOverride();
  registerSubscriptionCommands(program, io);
  return program;
}
