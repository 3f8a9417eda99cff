/**
 * Peak database concurrency seen from the server: pg_stat_activity sampled every 100 ms
 * for backends of the configuration's database that are running a statement, leaving out
 * the benchmark's own writer, reference checker and this sampler (application_name).
 */
import { connect, type Sql } from "../../packages/sidecar/src/db/index.js";
import { ADMIN_URL } from "./template.js";

export const HARNESS_APPS = ["subq-load-writer", "subq-load-check", "subq-load-sampler"];

export interface ActivityResult {
  readonly samples: number;
  readonly max: number;
  readonly mean: number;
  readonly p99: number;
}

export class ActivitySampler {
  private readonly sql: Sql = connect(ADMIN_URL, { maxConnections: 1, applicationName: "subq-load-sampler" });
  private readonly counts: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly database: string) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), 100);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [row] = await this.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = ${this.database} AND state = 'active' AND pid <> pg_backend_pid()
           AND application_name <> ALL(${HARNESS_APPS})`;
      this.counts.push(row!.n);
    } catch {
      // a missed sample
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<ActivityResult> {
    clearInterval(this.timer);
    await this.sql.end();
    const sorted = [...this.counts].sort((a, b) => a - b);
    const n = sorted.length;
    return {
      samples: n,
      max: n ? sorted[n - 1]! : 0,
      mean: n ? sorted.reduce((a, b) => a + b, 0) / n : 0,
      p99: n ? sorted[Math.min(n - 1, Math.ceil(0.99 * n) - 1)]! : 0,
    };
  }
}
