/**
 * Postgres snapshots (`pg_current_snapshot()::text`, `xmin:xmax:xip,…`) and the
 * visibility rule: a transaction id is seen by a snapshot when it is below xmin, or below
 * xmax and not in the in-progress list. For a transaction that committed, that means its
 * writes are in what the snapshot's queries saw: the sidecar uses it for read-your-writes
 * and to skip events a cached result has already absorbed.
 */

export interface Snapshot {
  readonly xmin: bigint;
  readonly xmax: bigint;
  readonly xip: ReadonlySet<bigint>;
}

const SNAPSHOT = /^(\d+):(\d+):((?:\d+(?:,\d+)*)?)$/;

/** Parses `xmin:xmax:xip1,xip2`; throws `TypeError` on anything else. */
export function parseSnapshot(text: string): Snapshot {
  const m = SNAPSHOT.exec(text.trim());
  if (!m) throw new TypeError(`not a Postgres snapshot (xmin:xmax:xip,...): ${JSON.stringify(text)}`);
  const xmin = BigInt(m[1]!);
  const xmax = BigInt(m[2]!);
  if (xmin > xmax)
    throw new TypeError(`snapshot xmin ${xmin} is above xmax ${xmax}: ${JSON.stringify(text)}`);
  return { xmin, xmax, xip: new Set(m[3] ? m[3].split(",").map(BigInt) : []) };
}

/** Whether transaction `xid` (a full 64-bit id, `pg_current_xact_id()`) is visible in the snapshot. */
export function snapshotIncludes(snapshot: string | Snapshot, xid: string | number | bigint): boolean {
  const s = typeof snapshot === "string" ? parseSnapshot(snapshot) : snapshot;
  const id = toXid(xid);
  return id < s.xmin || (id < s.xmax && !s.xip.has(id));
}

function toXid(xid: string | number | bigint): bigint {
  if (typeof xid === "bigint") return xid;
  if (typeof xid === "number" ? Number.isSafeInteger(xid) && xid >= 0 : /^\d+$/.test(xid)) return BigInt(xid);
  throw new TypeError(`not a transaction id: ${String(xid)}`);
}
