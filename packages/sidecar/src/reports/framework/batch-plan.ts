/**
 * Bounding a run's scope into keyset batches (Initialise). One pass over the scope's ids
 * in primary-key order picks every `batchSize`-th id as a batch start; batch i then covers
 * `bounds[i] <= id < bounds[i + 1]`. The last bound is one past the largest id seen, so
 * issues created after Initialise are outside the run, and a batch is read later by one
 * index range scan (`id >= $lo AND id < $hi`), never by OFFSET.
 */
import type { Queryable } from "../../db/connect.js";
import type { ResolvedScope } from "../contract/scope.js";

export interface BatchPlan {
  /** Ascending decimal ids; `bounds.length - 1` batches (none for an empty scope). */
  readonly bounds: readonly string[];
  readonly issues: number;
}

export async function planBatches(
  db: Queryable,
  scope: ResolvedScope,
  batchSize: number,
): Promise<BatchPlan> {
  const k = `$${scope.where.values.length + 1}`;
  const rows = await db.unsafe<{ id: string; n: string; total: string }[]>(
    `WITH s AS (
       SELECT i.id, row_number() OVER (ORDER BY i.id) AS n, count(*) OVER () AS total
       FROM issues i WHERE ${scope.where.text})
     SELECT s.id::text AS id, s.n::text AS n, s.total::text AS total FROM s
     WHERE (n - 1) % ${k}::int = 0 OR n = total ORDER BY s.n`,
    [...scope.where.values, batchSize] as never[],
  );
  if (rows.length === 0) return { bounds: [], issues: 0 };
  const last = rows.at(-1)!;
  const starts = rows.filter((row) => (BigInt(row.n) - 1n) % BigInt(batchSize) === 0n).map((row) => row.id);
  return { bounds: [...starts, (BigInt(last.id) + 1n).toString()], issues: Number(last.total) };
}

/** The `[lo, hi)` id range of batch `index`. */
export function batchRange(bounds: readonly string[], index: number): { lo: string; hi: string } {
  const lo = bounds[index];
  const hi = bounds[index + 1];
  if (lo === undefined || hi === undefined) {
    throw new RangeError(`batch ${index} is outside a plan of ${Math.max(0, bounds.length - 1)} batches`);
  }
  return { lo, hi };
}
