/**
 * Regenerates the generated parts of README.md (the configuration reference, from
 * CONFIG_REFERENCE). `pnpm docs:readme`; test/docs/readme.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { configReferenceMarkdown } from "../packages/sidecar/src/config/reference-markdown.js";

export const README = new URL("../README.md", import.meta.url);
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";

/** The README with the section between the markers replaced by `body`. */
export function withConfigReference(readme: string, body: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${body.trim()}\n${readme.slice(end)}`;
}

export function expectedReadme(): string {
  return withConfigReference(readFileSync(README, "utf8"), configReferenceMarkdown());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(README, expectedReadme());
  console.log("README.md: configuration reference regenerated");
}
