/**
 * `loadJiraDataset`: imports a Jira dump (shared/data/appcelerator-jira: issues, comments,
 * projects as gzipped JSON lines) into an empty tenant, streamed, in one transaction.
 * Pass 1 scans every record for the catalog (names → generated ids, see jira-scan.ts and
 * jira-catalog.ts); pass 2 writes issues, their derived history and their comments.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BulkLoadResult, withBulkLoad } from "../bulk-load.js";
import { writeCatalog } from "../catalog-writer.js";
import type { Sql } from "../connect.js";
import { DbError } from "../errors.js";
import { IssueWriter } from "../issue-writer.js";
import { PipelinedFlush } from "../pipelined-flush.js";
import { buildJiraCatalog } from "./jira-catalog.js";
import { mapJiraComment, mapJiraIssue } from "./jira-issues.js";
import { JIRA_FILES, readJiraComments, readJiraIssues } from "./jira-records.js";
import { scanJiraDump } from "./jira-scan.js";

export interface JiraLoadOptions {
  /** The dump's directory. Default: ../shared/data/appcelerator-jira next to the repository. */
  readonly dir?: string;
  /** Load only the first N issues (file order) and their comments. Default: all. */
  readonly limit?: number;
  /** Delete existing tenant data first instead of refusing. Default false. */
  readonly reset?: boolean;
}

export type JiraLoadResult = BulkLoadResult;

const ROWS_PER_FLUSH = 20_000;

/** /work/shared/data/appcelerator-jira for a checkout at /work/main (src/db/load and dist/db/load alike). */
export function defaultDatasetDir(): string {
  return fileURLToPath(new URL("../../../../../../shared/data/appcelerator-jira", import.meta.url));
}

export async function loadJiraDataset(sql: Sql, options: JiraLoadOptions = {}): Promise<JiraLoadResult> {
  const started = performance.now();
  const dir = options.dir ?? defaultDatasetDir();
  await checkDatasetDir(dir);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit > 0))
    throw new DbError("E_DATASET_INVALID", `--limit must be a positive number of issues (got ${limit})`);
  const counts = await withBulkLoad(sql, options.reset === true, async (tx) => {
    const scan = await scanJiraDump(dir, limit);
    const { catalog, names, ids } = buildJiraCatalog(scan);
    const loaded = new Set(scan.loadedKeys.values());
    await writeCatalog(tx, catalog, names);
    const writer = new IssueWriter(catalog.customFields, catalog.projects);
    const pipeline = new PipelinedFlush(writer, tx, ROWS_PER_FLUSH);
    let issues = 0;
    let changes = 0;
    let comments = 0;
    for await (const record of readJiraIssues(dir)) {
      if (issues >= scan.loadedKeys.size) break;
      const mapped = mapJiraIssue(record, ids, scan.loadedKeys);
      writer.addIssue(mapped.issue);
      for (const change of mapped.changes) writer.addChange(change);
      issues++;
      changes += mapped.changes.length;
      await pipeline.maybeFlush();
    }
    for await (const record of readJiraComments(dir)) {
      const comment = mapJiraComment(record);
      if (!loaded.has(comment.issueId)) continue;
      writer.addComment(comment);
      comments++;
      await pipeline.maybeFlush();
    }
    await pipeline.finish();
    return { issues, changes, comments, projects: catalog.projects.length, users: catalog.users.length };
  });
  return {
    ...counts,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function checkDatasetDir(dir: string): Promise<void> {
  const required = [JIRA_FILES.issues, JIRA_FILES.comments, JIRA_FILES.projects];
  for (const file of required) {
    try {
      await access(join(dir, file));
    } catch {
      throw new DbError(
        "E_DATASET_MISSING",
        `dataset ${dir} is missing ${file} (expected ${required.join(", ")}); pass --dataset PATH to a directory holding them`,
        { file: join(dir, file) },
      );
    }
  }
}
