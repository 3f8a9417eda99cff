/**
 * `subq config reference` prints every option (default, environment variable,
 * description) as the Markdown table of the README's configuration reference;
 * `subq config check` validates a configuration without starting anything and prints
 * it resolved, tokens hidden.
 */
import type { Command } from "commander";
import { loadOptions } from "../config/load.js";
import type { ResolvedSidecarOptions } from "../config/options.js";
import { configReferenceMarkdown } from "../config/reference-markdown.js";
import type { Env } from "../db/tenants.js";

export interface ConfigCommandIo {
  readonly env?: Env;
  readonly stdout?: (text: string) => void;
}

export function registerConfigCommands(program: Command, io: ConfigCommandIo = {}): void {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  const config = program.command("config").description("the sidecar's configuration");

  config
    .command("reference")
    .description("print every option with its default and environment variable (Markdown)")
    .action(() => out(configReferenceMarkdown()));

  config
    .command("check")
    .description(
      "validate the configuration (file and SUBQ_* variables) and print it resolved, tokens hidden",
    )
    .option("--config <file>", "a JSON configuration file (overrides SUBQ_CONFIG)")
    .action(async (flags: { config?: string }) => {
      const warnings: string[] = [];
      const options = await loadOptions({
        file: flags.config,
        env: io.env ?? process.env,
        warn: (message) => warnings.push(message),
      });
      for (const warning of warnings) out(`warning: ${warning}\n`);
      out(`${JSON.stringify(redacted(options), null, 2)}\n`);
    });
}

/** Tokens and passwords in URLs are not for the terminal (or a CI log). */
function redacted(options: ResolvedSidecarOptions): unknown {
  const tokens = Object.fromEntries(Object.keys(options.auth.tokens).map((app) => [app, "[redacted]"]));
  return JSON.parse(
    JSON.stringify({ ...options, auth: { ...options.auth, tokens } }, (_key, value: unknown) =>
      typeof value === "string" ? value.replace(/(\/\/[^:/@\s]*:)[^@/\s]+@/, "$1***@") : value,
    ),
  );
}
