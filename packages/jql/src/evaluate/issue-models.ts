/**
 * Models of fields whose values live on the issue itself: labels, issue key, parent,
 * users, counts, instants, due date, estimates, work ratio, attachments and text.
 *
 * - `issuekey` has two values per issue, its id and its upper-case key, so a number
 *   literal matches the id and a key literal the key (case-insensitively) without an
 *   index lookup (works for snapshots that are not in the dataset). Ordering compares
 *   issue numbers within one project; an operand id is looked up for its key.
 * - Text values are empty when null or "". `comment` holds the bodies of the comments the
 *   searcher may see (empty bodies do not count); `text` holds summary, description,
 *   environment, every text custom field and the visible comments.
 * - `workRatio` = ⌊timeSpent × 100 / originalEstimate⌋ (timeSpent null counts as 0);
 *   empty when originalEstimate is null or 0.
 */
import type { SystemField } from "../fields.js";
import type { IssueSnapshot } from "../model.js";
import type { EvalEnv } from "./env.js";
import {
  dateModel,
  datetimeModel,
  durationLiteral,
  type FieldModel,
  nonEmptyText,
  numberLiteral,
  numeric,
  type OrderKey,
  one,
  tuples,
  type Value,
} from "./field-model.js";
import { isCommentVisible } from "./permissions.js";

type Values = (issue: IssueSnapshot) => readonly Value[];

const SYSTEM_VALUES: Readonly<Record<string, Values>> = {
  assignee: (i) => one(i.assignee),
  reporter: (i) => one(i.reporter),
  creator: (i) => one(i.creator),
  watcher: (i) => i.watchers,
  voter: (i) => i.voters,
  watchers: (i) => [i.watchers.length],
  votes: (i) => [i.votes],
  created: (i) => [i.created],
  updated: (i) => [i.updated],
  resolved: (i) => one(i.resolved),
  statusCategoryChangedDate: (i) => one(i.statusCategoryChanged),
  due: (i) => one(i.due),
  originalEstimate: (i) => one(i.originalEstimate),
  remainingEstimate: (i) => one(i.remainingEstimate),
  timeSpent: (i) => one(i.timeSpent),
  workRatio: (i) => (i.originalEstimate ? [Math.floor(((i.timeSpent ?? 0) * 100) / i.originalEstimate)] : []),
  attachments: (i) => (i.attachmentCount > 0 ? [i.attachmentCount] : []),
  summary: (i) => nonEmptyText(i.summary),
  description: (i) => nonEmptyText(i.description),
  environment: (i) => nonEmptyText(i.environment),
  labels: (i) => i.labels,
  parent: (i) => one(i.parentId),
};

export function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf("-") + 1));
}

export function issueModel(field: SystemField, env: EvalEnv): FieldModel | undefined {
  const label = field.name;
  if (field.kind === "comment") return { label, values: visibleComments(env), functions: [], text: true };
  if (field.kind === "textAll") return { label, values: allText(env), functions: [], text: true };
  if (field.kind === "issuekey") return issueKeyModel(label, env);
  const values = SYSTEM_VALUES[field.name];
  if (!values) return undefined;
  const sort = (issue: IssueSnapshot) => tuples(values(issue));
  switch (field.kind) {
    case "labels":
      return { label, values, literal: (lit) => [lit.value], functions: [], sort };
    case "user": {
      const history =
        field.name === "assignee" || field.name === "reporter"
          ? { field: field.name, multi: false }
          : undefined;
      const literal = (lit: { value: string }) => env.index.lookup.users(lit.value);
      return { label, values, literal, functions: ["user", "users"], sort, history };
    }
    case "count":
    case "percent":
      return { label, values, literal: numberLiteral, functions: [], order: numeric(values), sort };
    case "duration":
      return {
        label,
        values,
        literal: durationLiteral,
        functions: [],
        order: numeric(values),
        sort,
      };
    case "datetime":
      return datetimeModel(label, values, sort, env);
    case "date":
      return dateModel(label, values, sort, env);
    case "attachments":
      return { label, values, functions: [] };
    case "text":
      return { label, values, functions: [], text: true, sort };
    case "parent":
      return { label, values, literal: (lit) => issueIds(lit, env), functions: ["issues"], sort };
    default:
      return undefined;
  }
}

/** A key (via the index) or an id. */
function issueIds(lit: { value: string; number: boolean }, env: EvalEnv): readonly Value[] {
  if (lit.number || /^\d+$/.test(lit.value)) return [Number(lit.value)];
  return one(env.index.issuesByKey.get(lit.value.toUpperCase())?.id);
}

function issueKeyModel(label: string, env: EvalEnv): FieldModel {
  const index = env.index;
  const keyOf = (issue: IssueSnapshot): OrderKey => ({ group: issue.projectId, rank: keyNumber(issue.key) });
  const operandKey = (value: Value): OrderKey | undefined => {
    if (typeof value === "number") {
      const issue = index.issuesById.get(value);
      return issue && keyOf(issue);
    }
    const m = /^(.+)-(\d+)$/.exec(value);
    const project = m ? index.projectsByKey.get(m[1]!) : undefined;
    return project && { group: project.id, rank: Number(m![2]) };
  };
  return {
    label,
    values: (issue) => [issue.id, issue.key.toUpperCase()],
    literal: (lit) =>
      lit.number || /^\d+$/.test(lit.value) ? [Number(lit.value)] : [lit.value.toUpperCase()],
    functions: ["issues"],
    order: { operandKey, issueKeys: (issue) => [keyOf(issue)] },
    sort: (issue) => [[index.projects.get(issue.projectId)?.key ?? "", keyNumber(issue.key)]],
  };
}

function visibleComments(env: EvalEnv): (issue: IssueSnapshot) => readonly string[] {
  const { index, access } = env;
  return (issue) => {
    const comments = index.commentsByIssue.get(issue.id);
    if (!comments) return [];
    return comments
      .filter((c) => c.body !== "" && isCommentVisible(c, issue, index, access))
      .map((c) => c.body);
  };
}

function allText(env: EvalEnv): (issue: IssueSnapshot) => readonly string[] {
  const textFields = [...env.index.customFields.values()].filter((f) => f.type === "text").map((f) => f.id);
  const comments = visibleComments(env);
  return (issue) => {
    const texts = [issue.summary, issue.description, issue.environment];
    for (const id of textFields) {
      const value = issue.customFields[id];
      if (typeof value === "string") texts.push(value);
    }
    return [...texts.filter((t): t is string => t !== null && t !== ""), ...comments(issue)];
  };
}
