/**
 * `subq jql check` and `subq jql explain`: the language core on the command line,
 * without any service (purely syntactic normalization; no catalog).
 */
import { createInterface } from "node:readline";
import { JqlError, type Plan, plan, renderDiagnostic } from "@subq/jql";
import type { Command } from "commander";
import { explainView } from "../engine/explain-view.js";

/** One output line of `subq jql check` for one input line. */
export function checkLine(query: string, lineNumber: number): string {
  try {
    return `OK\t${plan(query).normalizedText}`;
  } catch (error) {
    if (!(error instanceof JqlError)) throw error;
    const { column, message } = error.diagnostic;
    return `ERROR\t${lineNumber}:${column}\t${message.replace(/[\t\r\n]+/g, " ")}`;
  }
}

/** The JSON of `subq jql explain --json`: the clauses whole (with their Stage 1 verdict). */
export function explainJson(p: Plan) {
  return explainView(p, (c) => c);
}

/** The same plan for a person. */
export function explainText(p: Plan): string {
  const json = explainJson(p);
  const lines = [
    `query       ${json.jql}`,
    `normalized  ${json.normalized || "(all issues)"}`,
    `stage 1     ${json.stage1 ?? "(none: Stage-2-only, no cached member set)"}`,
    `            subscription ${json.subscription ?? "-"}`,
    `stage 2     ${json.stage2 ?? "(permission filtering only)"}`,
  ];
  const metadata = Object.entries(json.metadata);
  lines.push(
    `metadata    ${metadata.length ? metadata.map(([field, values]) => `${field} ∈ {${values.join(", ")}}`).join("; ") : "(unconstrained: every event matches)"}`,
  );
  if (json.clauses.length) lines.push("clauses");
  for (const clause of json.clauses) {
    const kept = describeKept(clause.stage1);
    lines.push(
      `  ${clause.class.padEnd(10)} ${clause.text}`,
      `             ${clause.why}; Stage 1 keeps ${kept}`,
    );
  }
  return lines.join("\n");
}

function describeKept(kept: Plan["clauses"][number]["stage1"]): string {
  if (kept.keep === "itself") return "the clause itself";
  if (kept.keep === "placeholder") return `the placeholder ${kept.text}`;
  return "nothing (TRUE)";
}

export function registerJqlCommands(program: Command): void {
  const jql = program.command("jql").description("parse, normalize and explain JQL (no services needed)");

  jql
    .command("check")
    .description(
      "read JQL from stdin, one query per line; print OK<TAB>normalized or ERROR<TAB>line:column<TAB>message per line",
    )
    .action(async () => {
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let lineNumber = 0;
      for await (const line of lines) {
        lineNumber++;
        process.stdout.write(`${checkLine(line, lineNumber)}\n`);
      }
    });

  jql
    .command("explain")
    .description(
      "show how subq splits a query: normalized text, Stage 1 (cached), Stage 2, metadata, clauses",
    )
    .argument("<jql>", "the query, quoted for your shell")
    .option("--json", "print one JSON object instead of text")
    .action((text: string, options: { json?: boolean }) => {
      let p: Plan;
      try {
        p = plan(text);
      } catch (error) {
        if (!(error instanceof JqlError)) throw error;
        process.stderr.write(`subq: invalid JQL\n${renderDiagnostic(text, error.diagnostic)}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(explainJson(p), null, 2)}\n` : `${explainText(p)}\n`,
      );
    });
}
