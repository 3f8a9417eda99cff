/**
 * `pnpm demo`: a sidecar with nothing installed — embedded Postgres (PGlite) seeded with a
 * demo tenant and an in-process Redis emulation running subq's own Lua scripts — then a
 * short scripted session through the SDK. The sidecar keeps serving until Ctrl-C (or
 * exits after the session with `once`).
 */
import { createClient } from "@subq/client";
import { resolveOptions } from "../config/resolve.js";
import { connect } from "../db/connect.js";
import { type EmbeddedStack, startEmbeddedStack } from "../embedded/index.js";
import { createLogger } from "../logger.js";
import { startServer } from "../server.js";
import { createEmbeddedEngine, DEMO_TENANT } from "./embedded-engine.js";
import { runSession } from "./session.js";

export const DEMO_TOKEN = "subq-demo-token-0001";

export interface DemoOptions {
  readonly port?: number;
  /** Keep the embedded database here, so a second run starts in a fraction of the time. */
  readonly dataDir?: string;
  /** Exit after the scripted session instead of serving until interrupted. */
  readonly once?: boolean;
  readonly print?: (line: string) => void;
}

export async function runDemo(demo: DemoOptions = {}): Promise<void> {
  const print = demo.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  print("subq demo: starting embedded Postgres (PGlite) and an in-process Redis emulation ...");
  const stack = await startEmbeddedStack({ dataDir: demo.dataDir });
  print(
    `  demo tenant '${DEMO_TENANT}': ${stack.tenant.issues} issues ${stack.tenant.seeded ? "seeded" : "reused"} (${(stack.timings.totalMs / 1000).toFixed(1)} s)`,
  );
  try {
    await serveDemo(stack, demo, print);
  } finally {
    await stack.close();
  }
}

async function serveDemo(
  stack: EmbeddedStack,
  demo: DemoOptions,
  print: (line: string) => void,
): Promise<void> {
  const options = resolveOptions({
    host: "127.0.0.1",
    port: demo.port ?? 0,
    logLevel: "warn",
    auth: { tokens: { demo: DEMO_TOKEN } },
    tenants: { list: { [DEMO_TENANT]: { databaseUrl: stack.postgres.url } } },
    engine: { queue: "memory" },
  });
  // One pool shared by the engine and the session: the embedded Postgres takes one connection.
  const sql = connect(stack.postgres.url, { maxConnections: stack.postgres.maxConnections });
  try {
    const server = await startServer(options, {
      logger: createLogger({ level: options.logLevel }),
      createEngine: (resolved, deps) => createEmbeddedEngine(stack, resolved, { ...deps, sql }),
      handleSignals: !demo.once,
    });
    try {
      print(`  sidecar listening at ${server.url} (token ${DEMO_TOKEN})\n`);
      const client = createClient({ url: server.url, token: DEMO_TOKEN, tenant: DEMO_TENANT });
      await runSession({ client, sql, print });
      if (!demo.once) {
        print(
          `\nThe sidecar keeps running. Try:\n  curl -s -H 'Authorization: Bearer ${DEMO_TOKEN}' -H 'content-type: application/json' \\`,
        );
        print(
          `    -d '{"jql":"resolution IS EMPTY ORDER BY created DESC","user":null,"maxResults":3}' ${server.url}/v1/tenants/${DEMO_TENANT}/search`,
        );
        print("Ctrl-C stops it.");
        await server.closed;
      }
    } finally {
      await server.close("demo finished");
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}
