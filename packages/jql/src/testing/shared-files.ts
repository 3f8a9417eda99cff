/**
 * Reads the project's shared reference material (`../shared/` beside the repository).
 * Tests that depend on it fail with a clear message when it is missing instead of
 * passing silently.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SHARED_DIR = fileURLToPath(new URL("../../../../../shared/", import.meta.url));

export function readShared(relativePath: string): string {
  const path = SHARED_DIR + relativePath;
  if (!existsSync(path)) {
    throw new Error(
      `missing shared reference file ${path}: the tests need the shared/ folder beside the repository (../shared)`,
    );
  }
  return readFileSync(path, "utf8");
}

export interface FixtureSet {
  readonly file: string;
  readonly valid: readonly string[];
  readonly invalid: readonly string[];
}

/** Atlassian's parser test vectors (fixtures-atlaskit/*.json). */
export function atlaskitFixtures(): FixtureSet[] {
  const files = [
    "changed-clause",
    "comparison-clause",
    "compound-clause",
    "equals-clause",
    "field",
    "function-operand",
    "in-clause",
    "is-clause",
    "like-clause",
    "list-operand",
    "not-clause",
    "order-by",
    "query",
    "reserved-words",
    "value-operand",
    "was-clause",
    "was-in-clause",
  ];
  return files.map((file) => {
    const data = JSON.parse(readShared(`jql/fixtures-atlaskit/${file}.json`)) as {
      valid: string[];
      invalid: string[];
    };
    return { file, valid: data.valid, invalid: data.invalid };
  });
}

/** The real-world corpus with the reference grammar's verdicts. */
export function realCorpus(): { verdict: "OK" | "ERROR"; query: string }[] {
  return readShared("jql/corpus-real.tsv")
    .split("\n")
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const tab = line.indexOf("\t");
      return { verdict: line.slice(0, tab) as "OK" | "ERROR", query: line.slice(tab + 1) };
    });
}

export function invalidCorpus(): string[] {
  return readShared("jql/invalid.txt")
    .split("\n")
    .filter((line) => line.length > 0);
}
