/**
 * The sidecar under test as a child process: `startServer` with options resolved from
 * SUBQ_LOAD_OPTIONS (JSON SidecarOptions) — exactly what `subq start` runs — plus the
 * metrics registry read over IPC (`metrics`: the subq_* metrics as prom-client JSON).
 */
import { resolveOptions } from "../../packages/sidecar/src/config/resolve.js";
import { createLogger } from "../../packages/sidecar/src/logger.js";
import { createMetrics } from "../../packages/sidecar/src/metrics/metrics.js";
import { startServer } from "../../packages/sidecar/src/server.js";
import { serveCommands } from "./child.js";

const options = resolveOptions(JSON.parse(process.env.SUBQ_LOAD_OPTIONS ?? "{}"));
const metrics = createMetrics({ dbLoadWindowMs: options.metrics.dbLoadWindowMs, processMetrics: true });
const server = await startServer(options, {
  metrics,
  logger: createLogger({ level: options.logLevel }),
  handleSignals: true,
});
server.closed.then(() => process.exit(0));

serveCommands(
  { url: server.url, pid: process.pid },
  {
    metrics: async () =>
      (await metrics.registry.getMetricsAsJSON()).filter(
        (m) =>
          m.name.startsWith("subq_") &&
          !m.name.startsWith("subq_nodejs") &&
          !m.name.startsWith("subq_process"),
      ),
    cpu: () => process.cpuUsage(),
  },
);
