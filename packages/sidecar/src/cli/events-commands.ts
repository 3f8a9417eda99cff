/**
 * `subq events replay <file> --tenant acme`: publishes a file of events — the events of
 * `POST /v1/tenants/:tenant/events` as a JSON array, that request's body, or NDJSON — in
 * batches, either to a running sidecar (`--url`, `--token` or SUBQ_TOKEN) or in this
 * process through an engine over the configured Redis and the tenant's database. Every
 * event is validated first; one bad event stops the replay before anything is published.
 */
import { readFile } from "node:fs/promises";
import { createClient, type SubqEvent } from "@subq/client";
import { Command } from "commander";
import type { Env } from "../db/tenants.js";
import type { Engine } from "../engine/types.js";
import { createMemoryRefreshQueue } from "../refresh/index.js";
import { wholeNumberAtLeast } from "./arguments.js";
import { type FileEvent, readEventFile } from "./event-file.js";
import {
  type OperatorFlags,
  type OperatorIo,
  openOperatorEngine,
  operatorOptions,
  tenantName,
  writers,
} from "./operator.js";

interface ReplayFlags extends OperatorFlags {
  readonly url?: string;
  readonly token?: string;
  readonly batchSize: number;
  readonly skip: number;
  readonly retry?: boolean;
  readonly dryRun?: boolean;
}

interface Publisher {
  publish(events: readonly unknown[]): Promise<{ accepted: number; matched: number; patched: number }>;
  close(): Promise<void>;
}

const EXAMPLES = `
The file holds the events of POST /v1/tenants/:tenant/events: a JSON array, that request's
body ({"events": [...]}), or NDJSON (one event per line). Every event is checked first;
a problem names its line and nothing is published.

Examples:
  $ subq events replay changes.ndjson --tenant acme --url http://127.0.0.1:7480 --token "$SUBQ_TOKEN"
  $ subq events replay changes.json --tenant acme            # in this process (SUBQ_REDIS_URL, tenant database)
  $ subq events replay changes.json --tenant acme --dry-run  # only check the file`;

export function registerEventsCommands(program: Command, io: OperatorIo = {}): void {
  const env = io.env ?? process.env;
  const { out, err } = writers(io);
  const events = program.command("events").description("publish change events to subq");

  events
    .command("replay")
    .description("publish a file of events (JSON array or NDJSON) to a tenant, in batches")
    .argument("<file>", 'the events: a JSON array, {"events": [...]}, or NDJSON')
    .requiredOption("--tenant <name>", "the tenant the events belong to")
    .option("--url <url>", "a running sidecar to send them to (default: apply them in this process)")
    .option("--token <token>", "with --url: the bearer token (default SUBQ_TOKEN)")
    .option(
      "--batch-size <n>",
      "events per request (at most the sidecar's http.maxEventsPerRequest)",
      wholeNumberAtLeast(1, "--batch-size"),
      500,
    )
    .option(
      "--skip <n>",
      "leave out the first n events (to resume a replay that stopped)",
      wholeNumberAtLeast(0, "--skip"),
      0,
    )
    .option("--retry", "with --url: retry a failed batch (safe for events with before/after or snapshot)")
    .option("--dry-run", "only check the file")
    .option("--config <file>", "in-process: the sidecar's JSON configuration file (overrides SUBQ_CONFIG)")
    .option("--redis <url>", "in-process: Redis to use (overrides SUBQ_REDIS_URL)")
    .addHelpText("after", EXAMPLES)
    .action(async (file: string, flags: ReplayFlags) => {
      const tenant = tenantName(flags.tenant);
      const read = readEventFile(await readText(file));
      if (!read.ok) {
        for (const problem of read.problems) err(`${file}:${problem.line}: ${problem.message}`);
        throw new Error(
          `${file} has invalid events (${read.problems.length === 20 ? "the first 20 are" : "see"} above); nothing was published. ` +
            "Events follow the schema of POST /v1/tenants/:tenant/events (see /openapi.json)",
        );
      }
      const all = read.events;
      if (flags.skip >= all.length) {
        throw new Error(`--skip ${flags.skip} leaves none of the ${all.length} events of ${file}`);
      }
      const todo = all.slice(flags.skip);
      if (flags.dryRun) {
        out(
          `${file}: ${all.length} valid events${flags.skip ? ` (${todo.length} after --skip ${flags.skip})` : ""}`,
        );
        return;
      }
      const started = Date.now();
      const publisher = flags.url === undefined ? await inProcess(flags, env) : overHttp(flags, env, tenant);
      const totals = { accepted: 0, matched: 0, patched: 0 };
      const batches = Math.ceil(todo.length / flags.batchSize);
      try {
        for (let b = 0; b < batches; b++) {
          const batch = todo.slice(b * flags.batchSize, (b + 1) * flags.batchSize);
          const first = flags.skip + b * flags.batchSize + 1;
          const range = `events ${first}-${first + batch.length - 1} (lines ${batch[0]!.line}-${batch.at(-1)!.line})`;
          let result: Awaited<ReturnType<Publisher["publish"]>>;
          try {
            result = await publisher.publish(batch.map((e: FileEvent) => e.event));
          } catch (error) {
            throw new Error(
              `batch ${b + 1}/${batches}, ${range}, failed: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, "")}; ` +
                `${first - 1} events were published before it; fix the cause and resume with --skip ${first - 1}`,
              { cause: error },
            );
          }
          totals.accepted += result.accepted;
          totals.matched += result.matched;
          totals.patched += result.patched;
          err(`batch ${b + 1}/${batches}: ${range}: matched ${result.matched}, patched ${result.patched}`);
        }
      } finally {
        await publisher.close();
      }
      out(
        `replayed ${totals.accepted} events from ${file} to tenant ${tenant} in ${batches} batch${batches === 1 ? "" : "es"}: ` +
          `matched ${totals.matched} subscriptions, patched ${totals.patched} without a query ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    });
}

/** A root program with only the events commands (tests); errors throw instead of exiting. */
export function createEventsProgram(io: OperatorIo = {}): Command {
  const program = new Command("subq").exitOverride();
  registerEventsCommands(program, io);
  return program;
}

function overHttp(flags: ReplayFlags, env: Env, tenant: string): Publisher {
  const token = flags.token ?? env.SUBQ_TOKEN;
  const client = createClient({ url: flags.url!, tenant, ...(token ? { token } : {}) });
  return {
    publish: (events) => client.publishEvents(events as SubqEvent[], { retry: flags.retry === true }),
    close: async () => {},
  };
}

async function inProcess(flags: ReplayFlags, env: Env): Promise<Publisher> {
  const options = await operatorOptions(flags, env);
  // Ingestion only marks and patches: no refresh runs here (readers enqueue them for the fleet).
  const engine: Engine = await openOperatorEngine(options, {
    queue: createMemoryRefreshQueue(),
    worker: false,
  });
  return {
    publish: (events) => engine.ingestEvents(flags.tenant, events),
    close: () => engine.close(),
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`cannot read ${file} (${code}); give the path of a JSON or NDJSON file of events`);
  }
}
