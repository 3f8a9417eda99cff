/**
 * The timing proxy as its own process (child.ts), so that the benchmark's load generator
 * cannot delay its timestamps. Upstream from PG_UPSTREAM_PORT (default 5432).
 */
import { serveCommands } from "./child.js";
import { startPgProxy } from "./pg-proxy.js";

const proxy = await startPgProxy({ host: "127.0.0.1", port: Number(process.env.PG_UPSTREAM_PORT ?? 5432) });
serveCommands(
  { port: proxy.port },
  {
    stats: () => proxy.stats(),
    reset: () => proxy.reset(),
    close: () => proxy.close(),
  },
);
process.on("SIGTERM", () => void proxy.close().then(() => process.exit(0)));
