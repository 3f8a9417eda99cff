/**
 * A private Postgres cluster for tests that stop the database: `pg_createcluster` on a
 * spare port with trust authentication, stopped and started on demand (`stop -m fast`
 * terminates every connection, as a server going away under a pool does), dropped at the
 * end. The shared server on 5432 is never touched.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { promisify } from "node:util";
import { sparePort } from "./redis-server.js";

const run = promisify(execFile);

export interface PrivateCluster {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly adminUrl: string;
  /** The URL of a database on this cluster. */
  urlOf(database: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  drop(): Promise<void>;
}

export async function createPrivateCluster(prefix: string): Promise<PrivateCluster> {
  const version = readdirSync("/etc/postgresql").sort().at(-1);
  if (!version)
    throw new Error("no Postgres installation under /etc/postgresql (pg_createcluster needs one)");
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const port = await sparePort();
  await run("pg_createcluster", [version, name, "-p", String(port), "--", "--auth=trust"]);
  const ctl = (action: string, ...extra: string[]) =>
    run("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, action, ...extra]);
  const cluster: PrivateCluster = {
    port,
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await ctl("stop", "-m", "fast");
    },
    start: async () => {
      await ctl("start");
    },
    drop: async () => {
      await run("pg_dropcluster", ["--stop", version, name]);
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.drop().catch(() => {});
    throw error;
  }
  return cluster;
}
