/**
 * A service-desk queue backed by subq. The agent's queue is a JQL query; the SDK's `poll`
 * asks the sidecar for the query's version every interval (no database work) and fetches
 * the queue only when the version moved, then this prints it.
 *
 *   pnpm --filter @subq/example-service-desk-queue start \
 *     --url http://127.0.0.1:7480 --tenant acme --user agent-1 \
 *     --jql 'project = SD AND status = "Waiting for support" ORDER BY created ASC'
 *
 * Every flag has an environment variable: SUBQ_URL, SUBQ_TOKEN, SUBQ_TENANT, QUEUE_JQL,
 * QUEUE_USER, QUEUE_INTERVAL_MS, QUEUE_MODE (poll or push), QUEUE_SIZE.
 */
import { parseArgs } from "node:util";
import { createClient, type SearchResult, SubqClientError, SubqJqlError } from "@subq/client";
import { renderQueue } from "./queue-view.js";

// `pnpm start -- --tenant acme` hands the script a leading "--": skip it.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === "--" ? argv.slice(1) : argv,
  options: {
    url: { type: "string", default: process.env.SUBQ_URL ?? "http://127.0.0.1:7480" },
    token: { type: "string", default: process.env.SUBQ_TOKEN },
    tenant: { type: "string", default: process.env.SUBQ_TENANT },
    jql: { type: "string", default: process.env.QUEUE_JQL },
    user: { type: "string", default: process.env.QUEUE_USER },
    "interval-ms": { type: "string", default: process.env.QUEUE_INTERVAL_MS ?? "3000" },
    mode: { type: "string", default: process.env.QUEUE_MODE ?? "poll" },
    size: { type: "string", default: process.env.QUEUE_SIZE ?? "20" },
  },
});

function fail(message: string): never {
  process.stderr.write(`service-desk-queue: ${message}\n`);
  process.exit(2);
}

if (!values.tenant) fail("give the tenant: --tenant acme (or SUBQ_TENANT)");
if (!values.jql)
  fail(`give the queue's JQL: --jql 'project = SD AND status = "Waiting for support"' (or QUEUE_JQL)`);
if (!values.user) fail("give the agent whose permissions apply: --user <account id> (or QUEUE_USER)");
if (values.mode !== "poll" && values.mode !== "push")
  fail("--mode is poll (ask every interval) or push (SSE)");
const intervalMs = Number(values["interval-ms"]);
const size = Number(values.size);
if (!Number.isInteger(intervalMs) || intervalMs < 100)
  fail("--interval-ms is a whole number of ms, at least 100");
if (!Number.isInteger(size) || size < 1 || size > 1000) fail("--size is a whole number from 1 to 1000");

const subq = createClient({
  url: values.url,
  tenant: values.tenant,
  ...(values.token ? { token: values.token } : {}),
});
let previous: SearchResult | undefined;

process.stdout.write(`watching the queue of ${values.user} in ${values.tenant}: ${values.jql}\n`);
const queue = subq.poll({
  jql: values.jql,
  user: values.user,
  mode: values.mode,
  intervalMs,
  maxResults: size,
  onChange: (page) => {
    process.stdout.write(`${renderQueue(page, previous).join("\n")}\n`);
    previous = page;
  },
  onError: (error, { phase, retryInMs }) => {
    const code = error instanceof SubqClientError ? `${error.code}: ` : "";
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SubqJqlError) {
      process.stderr.write(`the queue's JQL is invalid:\n${error.diagnostic.rendered}\n`);
      process.exitCode = 1;
      void queue.stop(); // the query will not heal by itself
      return;
    }
    process.stderr.write(`${phase} failed (${code}${message}); retrying in ${retryInMs} ms\n`);
  },
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void queue.stop();
  });
}
await queue.done;
process.stdout.write("stopped\n");
