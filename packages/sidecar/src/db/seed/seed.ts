/**
 * `seedTenant`: fills an empty tenant with a deterministic synthetic dataset (same
 * options, byte-identical data) in one transaction: a failed seed leaves nothing behind.
 */
import { type BulkLoadResult, withBulkLoad } from "../bulk-load.js";
import { writeCatalog } from "../catalog-writer.js";
import type { Sql } from "../connect.js";
import { DbError } from "../errors.js";
import { IssueWriter } from "../issue-writer.js";
import { PipelinedFlush } from "../pipelined-flush.js";
import { IssueGenerator } from "./issues.js";
import { Prng } from "./prng.js";
import { generateWorld, type SeedWorld } from "./world.js";

export interface SeedOptions {
  /** Number of issues, 1 to 2 000 000. */
  readonly issues: number;
  /** PRNG seed; the same seed gives the same data. Default "1". */
  readonly seed?: string;
  /** The dataset's "now": issues are created in the `years` before it. Default 2025-06-01T00:00:00Z. */
  readonly now?: Date;
  /** Years of history. Default 6. */
  readonly years?: number;
  /** Delete existing tenant data first instead of refusing. Default false. */
  readonly reset?: boolean;
  /** Called every 10 000 issues with the number generated so far. */
  readonly onProgress?: (written: number, total: number) => void;
}

export type SeedResult = BulkLoadResult;

/** About 2 000 issues with their comments, history and links per insert round. */
const ROWS_PER_FLUSH = 30_000;
const PROGRESS_EVERY = 10_000;

export const DEFAULT_SEED_NOW = new Date("2025-06-01T00:00:00Z");
export const MAX_SEED_ISSUES = 2_000_000;

/** The world and issue stream `seedTenant` writes for these options (tests compare against it). */
export function planSeed(options: SeedOptions): { world: SeedWorld; generator: IssueGenerator } {
  const rng = new Prng(options.seed ?? "1");
  const world = generateWorld(rng.fork("world"), {
    issues: options.issues,
    nowMs: (options.now ?? DEFAULT_SEED_NOW).getTime(),
    years: options.years ?? 6,
  });
  return { world, generator: new IssueGenerator(world, rng.fork("issues"), options.issues) };
}

export async function seedTenant(sql: Sql, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const total = options.issues;
  if (!Number.isInteger(total) || total < 1 || total > MAX_SEED_ISSUES) {
    throw new DbError(
      "E_SEED_OPTIONS",
      `--issues must be a whole number from 1 to ${MAX_SEED_ISSUES} (got ${total})`,
    );
  }
  const { world, generator } = planSeed(options);
  const counts = await withBulkLoad(sql, options.reset === true, async (tx) => {
    await writeCatalog(tx, world.catalog, world.names);
    const writer = new IssueWriter(world.catalog.customFields, world.catalog.projects);
    const pipeline = new PipelinedFlush(writer, tx, ROWS_PER_FLUSH);
    let comments = 0;
    let changes = 0;
    for (let written = 1; written <= total; written++) {
      const generated = generator.next();
      writer.addIssue(generated.issue);
      for (const comment of generated.comments) writer.addComment(comment);
      for (const change of generated.changes) writer.addChange(change);
      comments += generated.comments.length;
      changes += generated.changes.length;
      if (written % PROGRESS_EVERY === 0) options.onProgress?.(written, total);
      await pipeline.maybeFlush();
    }
    await pipeline.finish();
    return { comments, changes };
  });
  return {
    issues: total,
    ...counts,
    projects: world.catalog.projects.length,
    users: world.catalog.users.length,
    elapsedMs: Math.round(performance.now() - started),
  };
}
