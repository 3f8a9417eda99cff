/**
 * Applies the planned changes to the configuration's database, one transaction each (the
 * change, its history row, the snapshots before and after, the writer's txid), and says
 * what was committed when. The event an application would publish is built here: the
 * snapshot after the change, the changelog and the indexed values before.
 */
import type { IssueSnapshot } from "../../packages/jql/src/index.js";
import type { Queryable, Sql } from "../../packages/sidecar/src/db/index.js";
import type { Change, PlannedChange, Target } from "./real-stream.js";
import { readSnapshot } from "./snapshot.js";

export interface AppliedChange {
  readonly seq: number;
  readonly kind: Change["kind"];
  readonly issueId: number;
  /** Date.now() once the commit returned. */
  readonly committedAt: number;
  readonly before: IssueSnapshot | null;
  readonly after: IssueSnapshot;
  readonly event: Record<string, unknown>;
}

const STATUS = { open: 1, inProgress: 3, reopened: 4, resolved: 5, inReview: 10000 } as const;
const NEXT_STATUS: Readonly<Record<number, number>> = {
  [STATUS.open]: STATUS.inProgress,
  [STATUS.reopened]: STATUS.inProgress,
  [STATUS.inProgress]: STATUS.inReview,
  [STATUS.inReview]: STATUS.inProgress,
};
const SEVERITY = { field: 10009, s1: 10136, s2: 10137 } as const;

export class StreamWriter {
  private readonly created: number[] = [];
  private seq = 0;

  constructor(private readonly sql: Sql) {}

  async apply(planned: PlannedChange): Promise<AppliedChange | null> {
    const change = planned.change;
    const issueId = change.kind === "create" ? null : this.idOf(change.target);
    if (change.kind !== "create" && issueId === null) return null;
    const result = await this.sql.begin(async (tx) => {
      const before = issueId === null ? null : await readSnapshot(tx, issueId);
      const id = issueId ?? (await this.insert(tx, change as Extract<Change, { kind: "create" }>));
      const changes = before ? await this.update(tx, before, change) : [];
      const after = await readSnapshot(tx, id);
      const [{ txid }] = (await tx.unsafe("SELECT pg_current_xact_id()::text AS txid")) as unknown as [
        { txid: string },
      ];
      return { id, before, after, changes, txid };
    });
    if (change.kind === "create") this.created.push(result.id);
    const event: Record<string, unknown> = {
      type: result.before ? "issue_updated" : "issue_created",
      issueId: String(result.id),
      txid: result.txid,
      snapshot: result.after,
    };
    if (result.before) {
      // The changelog names every field the change set (as Jira's does, without the
      // timestamps it moves), so subq may move only the affected users' personal versions.
      event.changes = result.changes;
      event.changesComplete = true;
      event.before = indexed(result.before);
    }
    return {
      seq: this.seq++,
      kind: change.kind,
      issueId: result.id,
      committedAt: Date.now(),
      before: result.before,
      after: result.after,
      event,
    };
  }

  private idOf(target: Target): number | null {
    return "id" in target ? target.id : (this.created[target.created] ?? null);
  }

  private async insert(tx: Queryable, change: Extract<Change, { kind: "create" }>): Promise<number> {
    const [row] = (await tx.unsafe(
      `INSERT INTO issues (key, project_id, number, issue_type_id, status_id, priority_id, assignee_id,
                           reporter_id, creator_id, summary, created, updated)
       SELECT p.key || '-' || n.next, p.id, n.next, 1, ${STATUS.open}, 3, $2, $3, $3, 'Customer request', now(), now()
         FROM projects p, LATERAL (SELECT coalesce(max(number), 0) + 1 AS next FROM issues WHERE project_id = p.id) n
        WHERE p.id = $1
       RETURNING id::float8 AS id`,
      [change.project, change.assignee, change.assignee ?? "u0001"],
    )) as unknown as [{ id: number }];
    const severity = change.severe ? SEVERITY.s1 : SEVERITY.s2;
    await tx.unsafe(
      "INSERT INTO custom_field_values (issue_id, field_id, field_type, option_id) VALUES ($1, $2, 'select', $3)",
      [row.id, SEVERITY.field, severity],
    );
    return row.id;
  }

  /** Applies an update; returns its changelog as the event's `changes`. */
  private async update(tx: Queryable, before: IssueSnapshot, change: Change) {
    const id = before.id;
    const history = (field: string, from: string | null, to: string | null) =>
      tx.unsafe(
        "INSERT INTO issue_changes (issue_id, field, from_value, to_value, author_id, at) VALUES ($1, $2, $3, $4, 'u0001', now())",
        [id, field, from, to],
      );
    switch (change.kind) {
      case "resolve": {
        if (before.resolutionId !== null) return [];
        await tx.unsafe(
          `UPDATE issues SET status_id = ${STATUS.resolved}, resolution_id = $2, resolved = now(), updated = now(),
                  status_category_changed = now() WHERE id = $1`,
          [id, change.resolution],
        );
        await history("status", String(before.statusId), String(STATUS.resolved));
        await history("resolution", null, String(change.resolution));
        return [
          { field: "status", from: String(before.statusId), to: String(STATUS.resolved) },
          { field: "resolution", from: null, to: String(change.resolution) },
        ];
      }
      case "transition": {
        const to = NEXT_STATUS[before.statusId] ?? STATUS.reopened;
        const categoryMoves = (before.statusId === STATUS.open) !== (to === STATUS.open);
        await tx.unsafe(
          `UPDATE issues SET status_id = $2, updated = now()${categoryMoves ? ", status_category_changed = now()" : ""}
            WHERE id = $1`,
          [id, to],
        );
        await history("status", String(before.statusId), String(to));
        return [{ field: "status", from: String(before.statusId), to: String(to) }];
      }
      case "reassign": {
        if (before.assignee === change.assignee) return [];
        await tx.unsafe("UPDATE issues SET assignee_id = $2, updated = now() WHERE id = $1", [
          id,
          change.assignee,
        ]);
        await history("assignee", before.assignee, change.assignee);
        return [{ field: "assignee", from: before.assignee, to: change.assignee }];
      }
      case "comment":
        await tx.unsafe(
          "INSERT INTO comments (issue_id, author_id, body, created) VALUES ($1, $2, $3, now())",
          [id, change.author, "Looking into it; will update the ticket."],
        );
        await tx.unsafe("UPDATE issues SET updated = now() WHERE id = $1", [id]);
        return [{ field: "comment" }];
      case "watch":
        await tx.unsafe(
          "INSERT INTO issue_watchers (issue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          [id, change.user],
        );
        return [{ field: "watchers" }];
      case "label":
        await tx.unsafe(
          "UPDATE issues SET labels = array_append(labels, $2), updated = now() WHERE id = $1 AND NOT labels @> ARRAY[$2]",
          [id, change.label],
        );
        return [{ field: "labels", from: before.labels, to: [...new Set([...before.labels, change.label])] }];
      case "summary":
        await tx.unsafe("UPDATE issues SET summary = summary || ' (edited)', updated = now() WHERE id = $1", [
          id,
        ]);
        return [{ field: "summary" }];
      default:
        return [];
    }
  }
}

export function indexed(issue: IssueSnapshot) {
  return {
    project: String(issue.projectId),
    issuetype: String(issue.issueTypeId),
    status: String(issue.statusId),
    sprint: issue.sprintIds.map(String),
  };
}
