/**
 * From the triggers' notifications (sql/triggers.sql, header) to events in the format of
 * events/schema.ts. Pure: no I/O.
 *
 * A transaction's notifications arrive together at its commit, and one issue may appear
 * in several (the issue row, its sprints, a comment, a cascade of its deletion). Events of
 * one transaction and issue are merged into one, because subscriptions only ever see
 * committed states: the indexed values before are the earliest reported, those after the
 * latest; it existed before unless its first creation/deletion was a creation, and exists
 * after unless its last one was a deletion.
 */
import { z } from "zod";
import type { ConfigEventInput } from "../events/index.js";

const indexed = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const change = z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() });
const item = z.object({
  op: z.enum(["c", "u", "d"]),
  ids: z.string().regex(/^\d{1,19}(,\d{1,19})*$/),
  c: z.array(change).optional(),
  b: indexed.optional(),
  a: indexed.optional(),
});
const tx = z.string().regex(/^\d{1,20}$/);
const notice = z.union([
  z.object({ v: z.literal(1), tx, issues: z.array(item) }),
  z.object({ v: z.literal(1), tx, config: z.array(z.object({ type: z.string(), id: z.string() })) }),
  z.object({ v: z.literal(1), tx, resync: z.string() }),
  z.object({ v: z.literal(1), ping: z.string() }),
]);

export type Notice = z.infer<typeof notice>;
type Item = z.infer<typeof item>;
type Change = z.infer<typeof change>;
type Indexed = Record<string, string | string[]>;

/** A notification's payload, or an Error saying why it is not one of ours. */
export function parseNotice(payload: string): Notice | Error {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return new Error(`not JSON: ${payload.slice(0, 120)}`);
  }
  const parsed = notice.safeParse(json);
  return parsed.success ? parsed.data : new Error(`not a subq notification: ${payload.slice(0, 120)}`);
}

export interface IssueEventOut {
  readonly type: "issue_created" | "issue_updated" | "issue_deleted";
  readonly issueId: string;
  readonly txid: string;
  readonly changes?: Change[];
  readonly before?: Indexed;
  readonly after?: Indexed;
}

/** What one transaction did to one issue so far. */
interface Merged {
  readonly issueId: string;
  readonly txid: string;
  existedBefore: boolean | undefined;
  existsAfter: boolean;
  readonly before: Indexed;
  after: Indexed;
  readonly changes: Map<string, Change>;
}

/**
 * The events of a batch of notices: configuration events (a resync becomes
 * `catalog_changed`, each type once) and one merged event per transaction and issue, in
 * order of first appearance. Pings are skipped.
 */
export function eventsOf(notices: readonly Notice[]): {
  config: ConfigEventInput[];
  issues: IssueEventOut[];
} {
  const config = new Map<string, ConfigEventInput>();
  const issues = new Map<string, Merged>();
  for (const n of notices) {
    if ("resync" in n) addConfig(config, { type: "catalog_changed", id: `resync: ${n.resync}` });
    else if ("config" in n) for (const e of n.config) addConfig(config, e as ConfigEventInput);
    else if ("issues" in n) for (const i of n.issues) mergeItem(issues, n.tx, i);
  }
  return { config: [...config.values()], issues: [...issues.values()].flatMap(toEvent) };
}

function addConfig(config: Map<string, ConfigEventInput>, event: ConfigEventInput): void {
  if (!config.has(event.type)) config.set(event.type, event);
}

function mergeItem(issues: Map<string, Merged>, txid: string, i: Item): void {
  for (const issueId of i.ids.split(",")) {
    const key = `${txid} ${issueId}`;
    let m = issues.get(key);
    if (!m) {
      m = {
        issueId,
        txid,
        existedBefore: undefined,
        existsAfter: true,
        before: {},
        after: {},
        changes: new Map(),
      };
      issues.set(key, m);
    }
    if (i.op !== "u") {
      m.existedBefore ??= i.op === "d";
      m.existsAfter = i.op === "c";
    }
    for (const [field, value] of Object.entries(i.b ?? {})) if (!(field in m.before)) m.before[field] = value;
    // A creation starts from nothing: what a deleted namesake had does not carry over.
    m.after = i.op === "c" ? { ...i.a } : { ...m.after, ...i.a };
    for (const c of i.c ?? []) mergeChange(m.changes, c);
  }
}

/** Per field: the first `from` and the last `to`; the name alone when any report lacks values. */
function mergeChange(changes: Map<string, Change>, c: Change): void {
  const seen = changes.get(c.field);
  if (!seen) changes.set(c.field, { ...c });
  else if ("from" in seen && "to" in c) changes.set(c.field, { field: c.field, from: seen.from, to: c.to });
  else changes.set(c.field, { field: c.field });
}

function toEvent(m: Merged): IssueEventOut[] {
  const existedBefore = m.existedBefore ?? true;
  if (!existedBefore && !m.existsAfter) return []; // created and deleted in one transaction
  const changes = m.changes.size > 0 ? { changes: [...m.changes.values()] } : {};
  const base = { issueId: m.issueId, txid: m.txid, ...changes };
  if (!existedBefore) return [{ type: "issue_created", ...base, after: m.after }];
  if (!m.existsAfter) return [{ type: "issue_deleted", ...base, before: m.before }];
  return [{ type: "issue_updated", ...base, before: m.before, after: m.after }];
}
