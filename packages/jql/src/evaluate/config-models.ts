/**
 * Models of fields whose values are configuration objects (ids): project, issue type,
 * status, status category, priority, resolution, component, versions, sprint, project
 * category, project type, security level. Literals resolve through lookup.ts; sorting is
 * by id except project (key), status category (To Do, In Progress, Done), priority
 * (urgency: ascending = least urgent first, as `priority > Medium` means more urgent) and
 * versions (project id, then sequence).
 */
import type { SystemField } from "../fields.js";
import type { IssueSnapshot } from "../model.js";
import type { EvalEnv } from "./env.js";
import { type FieldModel, type OrderKey, one, tuples, type Value } from "./field-model.js";
import type { Domain } from "./lookup.js";

const CATEGORY_RANK = { new: 1, indeterminate: 2, done: 3 } as const;

export function configModel(field: SystemField, env: EvalEnv): FieldModel | undefined {
  const index = env.index;
  const lookup = index.lookup;
  const ids =
    (domain: Domain) =>
    (lit: { value: string; number: boolean }): readonly Value[] =>
      lookup.ids(domain, lit.value, lit.number);
  const project = (issue: IssueSnapshot) => index.projects.get(issue.projectId);
  const byId = (values: (issue: IssueSnapshot) => readonly Value[]) => (issue: IssueSnapshot) =>
    tuples(values(issue));
  const label = field.name;
  switch (field.kind) {
    case "project": {
      const values = (issue: IssueSnapshot) => [issue.projectId];
      const sort = (issue: IssueSnapshot) => [[project(issue)?.key ?? ""]];
      return { label, values, literal: ids("project"), functions: ["projects"], sort };
    }
    case "issuetype": {
      const values = (issue: IssueSnapshot) => [issue.issueTypeId];
      const history = { field: "issuetype", multi: false };
      return {
        label,
        values,
        literal: ids("issuetype"),
        functions: ["issuetypes"],
        sort: byId(values),
        history,
      };
    }
    case "status": {
      const values = (issue: IssueSnapshot) => [issue.statusId];
      const history = { field: "status", multi: false };
      return { label, values, literal: ids("status"), functions: [], sort: byId(values), history };
    }
    case "statusCategory": {
      const values = (issue: IssueSnapshot) => one(index.statuses.get(issue.statusId)?.category);
      const sort = (issue: IssueSnapshot) => values(issue).map((c) => [CATEGORY_RANK[c]]);
      return { label, values, literal: (lit) => one(lookup.statusCategory(lit.value)), functions: [], sort };
    }
    case "priority": {
      const urgency = (id: Value): OrderKey | undefined => {
        const priority = index.priorities.get(id as number);
        return priority ? { group: 0, rank: -priority.sequence } : undefined;
      };
      const values = (issue: IssueSnapshot) => one(issue.priorityId);
      const order = {
        operandKey: urgency,
        issueKeys: (issue: IssueSnapshot) => values(issue).flatMap((id) => one(urgency(id))),
      };
      const sort = (issue: IssueSnapshot) => order.issueKeys(issue).map((key) => [key.rank]);
      const history = { field: "priority", multi: false };
      return { label, values, literal: ids("priority"), functions: [], order, sort, history };
    }
    case "resolution": {
      const values = (issue: IssueSnapshot) => one(issue.resolutionId);
      const literal = (lit: { value: string; number: boolean }) =>
        !lit.number && lit.value.toLowerCase() === "unresolved" ? ("empty" as const) : ids("resolution")(lit);
      const history = { field: "resolution", multi: false };
      return { label, values, literal, functions: [], sort: byId(values), history };
    }
    case "component": {
      const values = (issue: IssueSnapshot) => issue.componentIds;
      return { label, values, literal: ids("component"), functions: ["components"], sort: byId(values) };
    }
    case "version": {
      const key = (id: Value): OrderKey | undefined => {
        const version = index.versions.get(id as number);
        return version ? { group: version.projectId, rank: version.sequence } : undefined;
      };
      const fix = field.name === "fixVersion";
      const values = (issue: IssueSnapshot) => (fix ? issue.fixVersionIds : issue.affectedVersionIds);
      const issueKeys = (issue: IssueSnapshot) => values(issue).flatMap((id) => one(key(id)));
      const sort = (issue: IssueSnapshot) => issueKeys(issue).map((k) => [k.group, k.rank]);
      const history = fix ? { field: "fixVersion", multi: true } : undefined;
      const order = { operandKey: key, issueKeys };
      return { label, values, literal: ids("version"), functions: ["versions"], order, sort, history };
    }
    case "sprint": {
      const values = (issue: IssueSnapshot) => issue.sprintIds;
      return { label, values, literal: ids("sprint"), functions: ["sprints"], sort: byId(values) };
    }
    case "category": {
      const values = (issue: IssueSnapshot) => one(project(issue)?.categoryId);
      return { label, values, literal: ids("category"), functions: [], sort: byId(values) };
    }
    case "projectType": {
      const values = (issue: IssueSnapshot) => one(project(issue)?.type);
      const types: readonly string[] = ["software", "service_desk", "business"];
      const literal = (lit: { value: string }) => types.filter((t) => t === lit.value.toLowerCase());
      return { label, values, literal, functions: [], sort: byId(values) };
    }
    case "level": {
      const values = (issue: IssueSnapshot) => one(issue.securityLevelId);
      return { label, values, literal: ids("level"), functions: [], sort: byId(values) };
    }
    default:
      return undefined;
  }
}
