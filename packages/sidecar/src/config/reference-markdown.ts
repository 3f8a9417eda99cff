/**
 * CONFIG_REFERENCE as the Markdown table of the README's configuration reference
 * (`subq config reference`).
 */
import { CONFIG_FILE_ENV, CONFIG_REFERENCE, type OptionSpec } from "./reference.js";

export function configReferenceMarkdown(): string {
  const rows = CONFIG_REFERENCE.map(
    (spec) =>
      `| \`${spec.key}\` | \`${spec.env}\` | ${cell(defaultText(spec))} | ${cell(`${spec.description}. Expects ${spec.kind.expected}.`)} |`,
  );
  return [
    "| option | environment | default | description |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    `Precedence, lowest first: defaults, the JSON configuration file (\`--config FILE\` or \`${CONFIG_FILE_ENV}\`; ` +
      "the same nested shape as the option names), environment variables, command-line flags. Durations are in milliseconds.",
    "",
  ].join("\n");
}

export function defaultText(spec: OptionSpec): string {
  const value = spec.default;
  if (value === null) return "none";
  if (Array.isArray(value)) return value.length === 0 ? "empty" : value.join(", ");
  if (typeof value === "object") return Object.keys(value).length === 0 ? "empty" : JSON.stringify(value);
  if (typeof value === "number" && spec.key.endsWith("Ms")) return `${value} (${humanMs(value)})`;
  return String(value);
}

function humanMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1_000 === 0) return `${ms / 1_000} s`;
  return `${ms} ms`;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
