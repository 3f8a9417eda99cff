/**
 * The database statement rate, read from the server once a second: statements executed
 * in the tenant's database by the sidecars' role (pg_stat_statements `calls`; the
 * harness — writer, reference checks, this sampler — connects as its own role and is left
 * out), and transactions of the database (pg_stat_database xact_commit + xact_rollback,
 * all roles) as a cross-check. A rate over a window is the difference of the samples
 * that bracket it over their time apart; samples fail while the server is down.
 */
import { connect, type Sql } from "../../packages/sidecar/src/db/index.js";

export interface RateSample {
  readonly at: number;
  readonly statements: number;
  readonly xacts: number;
}

export interface WindowRate {
  /** Sidecar statements per second. */
  readonly statementsPerSecond: number;
  /** Transactions of the tenant database per second (all roles). */
  readonly xactsPerSecond: number;
  readonly seconds: number;
}

export class DbRateSampler {
  readonly samples: RateSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly sql: Sql;

  constructor(
    adminUrl: string,
    private readonly database: string,
    private readonly sidecarRole: string,
  ) {
    this.sql = connect(adminUrl, {
      maxConnections: 1,
      applicationName: "subq-faults-sampler",
      connectTimeoutMs: 1000,
      statementTimeoutMs: 2000,
    });
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), 1000);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [row] = await this.sql<{ statements: string; xacts: string }[]>`
        SELECT (SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s
                  JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid
                 WHERE d.datname = ${this.database} AND r.rolname = ${this.sidecarRole})::text AS statements,
               (SELECT xact_commit + xact_rollback FROM pg_stat_database
                 WHERE datname = ${this.database})::text AS xacts`;
      this.samples.push({ at: Date.now(), statements: Number(row!.statements), xacts: Number(row!.xacts) });
    } catch {
      // the server is down or unreachable: no sample
    } finally {
      this.busy = false;
    }
  }

  /** The rate between the last sample at or before `from` and the first at or after `to`. */
  rate(from: number, to: number): WindowRate | null {
    const before = this.samples.filter((s) => s.at <= from + 500).at(-1);
    const after = this.samples.find((s) => s.at >= to - 500 && s.at > (before?.at ?? 0));
    if (!before || !after || after.at <= before.at) return null;
    const seconds = (after.at - before.at) / 1000;
    return {
      statementsPerSecond: Math.max(0, after.statements - before.statements) / seconds,
      xactsPerSecond: Math.max(0, after.xacts - before.xacts) / seconds,
      seconds,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sql.end({ timeout: 2 });
  }
}
