/**
 * Overlaps producing rows with writing them: while Postgres writes one batch, the caller
 * generates or parses the next. At most one flush is in flight, so memory stays bounded.
 */
import type { Queryable } from "./connect.js";

export interface Flushable {
  readonly pendingRows: number;
  flush(sql: Queryable): Promise<void>;
}

export class PipelinedFlush {
  readonly #target: Flushable;
  readonly #sql: Queryable;
  readonly #rowsPerFlush: number;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(target: Flushable, sql: Queryable, rowsPerFlush: number) {
    this.#target = target;
    this.#sql = sql;
    this.#rowsPerFlush = rowsPerFlush;
  }

  /** Starts a flush once enough rows are pending (after the previous one finished). */
  async maybeFlush(): Promise<void> {
    if (this.#target.pendingRows >= this.#rowsPerFlush) await this.flush();
  }

  async flush(): Promise<void> {
    await this.#inFlight;
    const flush = this.#target.flush(this.#sql);
    // Marked handled now: the caller may be awaiting something else when it fails; the
    // error still surfaces from the next flush()/finish().
    flush.catch(() => {});
    this.#inFlight = flush;
  }

  /** Writes what is left and waits for everything. */
  async finish(): Promise<void> {
    await this.flush();
    await this.#inFlight;
  }
}
