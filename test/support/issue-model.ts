/**
 * A tenant's issues in memory, kept equal to its database: every change a test makes is
 * written to both, in one transaction per change whose id (`pg_current_xact_id()`) is
 * returned, so the test can publish truthful events (the full snapshot after the change,
 * or what it changed) and check afterwards that the model and the database still agree.
 */

import { isDeepStrictEqual } from "node:util";
import type { Catalog, Dataset, IssueSnapshot } from "../../packages/jql/src/index.js";
import { blankSnapshot } from "../../packages/jql/src/testing/blank-snapshot.js";
import type { Sql } from "../../packages/sidecar/src/db/connect.js";
import { loadDataset } from "../../packages/sidecar/src/db/dataset.js";

export type Mutation =
  | { readonly kind: "status"; readonly issue: number; readonly to: number }
  | { readonly kind: "assignee"; readonly issue: number; readonly to: string | null }
  | { readonly kind: "reporter"; readonly issue: number; readonly to: string | null }
  | { readonly kind: "priority"; readonly issue: number; readonly to: number | null }
  | { readonly kind: "security"; readonly issue: number; readonly to: number | null }
  | { readonly kind: "labels"; readonly issue: number; readonly to: readonly string[] }
  | { readonly kind: "sprints"; readonly issue: number; readonly to: readonly number[] }
  | { readonly kind: "project"; readonly issue: number; readonly to: number }
  | { readonly kind: "create"; readonly like: number; readonly project: number }
  | { readonly kind: "delete"; readonly issue: number };

export type MutationKind = Mutation["kind"];

export interface Applied {
  readonly mutation: Mutation;
  readonly issueId: number;
  /** Null for a created issue. */
  readonly before: IssueSnapshot | null;
  /** Null for a deleted issue. */
  readonly after: IssueSnapshot | null;
  /** The writer's transaction id. */
  readonly txid: string;
}

/** Columns of `issues` a field mutation writes, with the snapshot field it mirrors. */
const COLUMNS = {
  status: ["status_id", "statusId"],
  assignee: ["assignee_id", "assignee"],
  reporter: ["reporter_id", "reporter"],
  priority: ["priority_id", "priorityId"],
  security: ["security_level_id", "securityLevelId"],
  labels: ["labels", "labels"],
} as const;

export class IssueModel {
  private readonly issues = new Map<number, IssueSnapshot>();
  private nextId: number;

  private constructor(
    private readonly sql: Sql,
    readonly catalog: Catalog,
    dataset: Dataset,
  ) {
    for (const issue of dataset.issues) this.issues.set(issue.id, issue);
    this.nextId = Math.max(0, ...this.issues.keys()) + 1_000;
  }

  static async load(sql: Sql): Promise<IssueModel> {
    const dataset = await loadDataset(sql);
    return new IssueModel(sql, dataset.catalog, dataset);
  }

  /** Issue ids in ascending order. */
  ids(): number[] {
    return [...this.issues.keys()].sort((a, b) => a - b);
  }

  has(id: number): boolean {
    return this.issues.has(id);
  }

  get(id: number): IssueSnapshot {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id} in the model`);
    return issue;
  }

  /** Whether another issue names this one as its parent (it cannot be deleted then). */
  hasChildren(id: number): boolean {
    for (const issue of this.issues.values()) if (issue.parentId === id) return true;
    return false;
  }

  async apply(mutation: Mutation): Promise<Applied> {
    const updated = Date.now();
    return (await this.sql.begin(async (tx) => {
      let before: IssueSnapshot | null = null;
      let after: IssueSnapshot | null = null;
      let issueId: number;
      switch (mutation.kind) {
        case "create": {
          issueId = this.nextId++;
          const like = this.get(mutation.like);
          const [row] = await tx<{ key: string }[]>`
            INSERT INTO issues (id, key, project_id, number, issue_type_id, status_id, priority_id,
                                assignee_id, reporter_id, creator_id, summary, created, updated)
            SELECT ${issueId}, p.key || '-' || n.number, p.id, n.number, ${like.issueTypeId}, ${like.statusId},
                   ${like.priorityId}, ${like.assignee}, ${like.reporter}, ${like.reporter},
                   ${`Made by a test from ${like.key}`}, ${new Date(updated)}, ${new Date(updated)}
              FROM projects p,
                   (SELECT coalesce(max(number), 0) + 1 AS number FROM issues WHERE project_id = ${mutation.project}) n
             WHERE p.id = ${mutation.project}
            RETURNING key`;
          after = {
            ...blankSnapshot(),
            id: issueId,
            key: row!.key,
            projectId: mutation.project,
            issueTypeId: like.issueTypeId,
            statusId: like.statusId,
            priorityId: like.priorityId,
            assignee: like.assignee,
            reporter: like.reporter,
            creator: like.reporter,
            summary: `Made by a test from ${like.key}`,
            created: updated,
            updated,
          };
          break;
        }
        case "delete": {
          issueId = mutation.issue;
          before = this.get(issueId);
          await tx`DELETE FROM issues WHERE id = ${issueId}`;
          break;
        }
        case "project": {
          issueId = mutation.issue;
          before = this.get(issueId);
          const [row] = await tx<{ key: string }[]>`
            UPDATE issues i SET project_id = p.id, number = n.number, key = p.key || '-' || n.number,
                   updated = ${new Date(updated)}
              FROM projects p,
                   (SELECT coalesce(max(number), 0) + 1 AS number FROM issues WHERE project_id = ${mutation.to}) n
             WHERE p.id = ${mutation.to} AND i.id = ${issueId}
            RETURNING i.key`;
          after = { ...before, projectId: mutation.to, key: row!.key, updated };
          break;
        }
        case "sprints": {
          issueId = mutation.issue;
          before = this.get(issueId);
          const sprintIds = [...mutation.to].sort((a, b) => a - b);
          await tx`DELETE FROM issue_sprints WHERE issue_id = ${issueId}`;
          for (const sprint of sprintIds) {
            await tx`INSERT INTO issue_sprints (issue_id, sprint_id) VALUES (${issueId}, ${sprint})`;
          }
          await tx`UPDATE issues SET updated = ${new Date(updated)} WHERE id = ${issueId}`;
          after = { ...before, sprintIds, updated };
          break;
        }
        default: {
          issueId = mutation.issue;
          before = this.get(issueId);
          const [column, field] = COLUMNS[mutation.kind];
          const value = mutation.kind === "labels" ? [...mutation.to] : mutation.to;
          await tx.unsafe(`UPDATE issues SET ${column} = $1, updated = $2 WHERE id = $3`, [
            value as never,
            new Date(updated),
            issueId,
          ]);
          after = { ...before, [field]: value, updated };
        }
      }
      const [row] = await tx<{ txid: string }[]>`SELECT pg_current_xact_id()::text AS txid`;
      if (after) this.issues.set(issueId, after);
      else this.issues.delete(issueId);
      return { mutation, issueId, before, after, txid: row!.txid };
    })) as Applied;
  }

  /** Differences between the model and the database (empty when they agree). */
  async differences(): Promise<string[]> {
    const stored = new Map((await loadDataset(this.sql)).issues.map((issue) => [issue.id, issue]));
    const problems: string[] = [];
    for (const id of new Set([...stored.keys(), ...this.issues.keys()])) {
      const [mine, theirs] = [this.issues.get(id), stored.get(id)];
      if (!isDeepStrictEqual(mine, theirs)) {
        problems.push(`issue ${id}: model ${JSON.stringify(mine)}, database ${JSON.stringify(theirs)}`);
      }
    }
    return problems;
  }
}
