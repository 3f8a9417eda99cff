/** `subq demo`: the sidecar on embedded services with a scripted session (see demo/run-demo.ts). */
import type { Command } from "commander";
import { runDemo } from "../demo/run-demo.js";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "run subq with no services installed (embedded Postgres + Redis emulation) and show a scripted session",
    )
    .option("--port <port>", "port of the demo sidecar (default: any free port)", (value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be 0-65535, got ${value}`);
      return port;
    })
    .option("--data-dir <dir>", "keep the embedded database in this directory (faster restarts)")
    .option("--once", "exit after the scripted session instead of serving until Ctrl-C")
    .action(async (options: { port?: number; dataDir?: string; once?: boolean }) => {
      await runDemo({ port: options.port, dataDir: options.dataDir, once: options.once === true });
    });
}
