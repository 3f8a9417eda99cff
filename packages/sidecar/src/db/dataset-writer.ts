/**
 * Writes a whole model `Dataset` into an empty tenant (the inverse of `loadDataset`), so
 * tests can build small hand-made tenants in memory and query them with SQL.
 */
import type { Dataset } from "@subq/jql";
import { type BulkLoadResult, withBulkLoad } from "./bulk-load.js";
import { type CatalogNames, writeCatalog } from "./catalog-writer.js";
import type { Sql } from "./connect.js";
import { IssueWriter } from "./issue-writer.js";
import { PipelinedFlush } from "./pipelined-flush.js";

export async function writeDataset(
  sql: Sql,
  dataset: Dataset,
  options: { readonly reset?: boolean; readonly names?: CatalogNames } = {},
): Promise<BulkLoadResult> {
  const started = performance.now();
  await withBulkLoad(sql, options.reset === true, async (tx) => {
    await writeCatalog(tx, dataset.catalog, options.names);
    const writer = new IssueWriter(dataset.catalog.customFields, dataset.catalog.projects);
    const pipeline = new PipelinedFlush(writer, tx, 20_000);
    for (const issue of dataset.issues) {
      writer.addIssue(issue);
      await pipeline.maybeFlush();
    }
    for (const comment of dataset.comments) {
      writer.addComment(comment);
      await pipeline.maybeFlush();
    }
    for (const change of dataset.history) {
      writer.addChange(change);
      await pipeline.maybeFlush();
    }
    await pipeline.finish();
  });
  return {
    issues: dataset.issues.length,
    comments: dataset.comments.length,
    changes: dataset.history.length,
    projects: dataset.catalog.projects.length,
    users: dataset.catalog.users.length,
    elapsedMs: Math.round(performance.now() - started),
  };
}
