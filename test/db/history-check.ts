/**
 * Checks that a dataset's change history is consistent with its issues' current values
 * (docs/jql-semantics.md section 7): per issue and single-valued field, each change
 * starts where the previous one ended and the last one ends at the current value; for
 * fixVersion, replaying the adds and removes backwards from the current set never adds a
 * present version or removes an absent one. Returns the violations found.
 */
import type { ChangeItem, Dataset, IssueSnapshot } from "../../packages/jql/src/model.js";

const SINGLE_VALUED: Record<string, (issue: IssueSnapshot) => string | null> = {
  status: (i) => String(i.statusId),
  resolution: (i) => str(i.resolutionId),
  assignee: (i) => i.assignee,
  reporter: (i) => i.reporter,
  priority: (i) => str(i.priorityId),
  issuetype: (i) => String(i.issueTypeId),
};

export function historyViolations(dataset: Dataset): string[] {
  const issues = new Map(dataset.issues.map((i) => [i.id, i]));
  const chains = new Map<string, ChangeItem[]>();
  for (const item of dataset.history) {
    const key = `${item.issueId}/${item.field}`;
    chains.set(key, [...(chains.get(key) ?? []), item]);
  }
  const violations: string[] = [];
  for (const [key, chain] of chains) {
    const issue = issues.get(chain[0]!.issueId);
    const field = chain[0]!.field;
    if (!issue) {
      violations.push(`${key}: history of a missing issue`);
      continue;
    }
    if (chain.some((c, i) => i > 0 && c.at < chain[i - 1]!.at)) violations.push(`${key}: out of time order`);
    if (chain.some((c) => c.at < issue.created))
      violations.push(`${key}: change before the issue was created`);
    const current = SINGLE_VALUED[field];
    if (current) {
      chain.forEach((c, i) => {
        if (i > 0 && c.from !== chain[i - 1]!.to)
          violations.push(`${key}#${i}: from ${c.from} != previous to ${chain[i - 1]!.to}`);
      });
      if (chain.at(-1)!.to !== current(issue))
        violations.push(`${key}: last to ${chain.at(-1)!.to} != current ${current(issue)}`);
    } else if (field === "fixVersion") {
      violations.push(...fixVersionViolations(key, chain, issue));
    } else {
      violations.push(`${key}: unexpected field`);
    }
  }
  return violations;
}

function fixVersionViolations(key: string, chain: readonly ChangeItem[], issue: IssueSnapshot): string[] {
  const set = new Set(issue.fixVersionIds.map(String));
  const violations: string[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!;
    if ((c.from === null) === (c.to === null))
      violations.push(`${key}#${i}: must add or remove exactly one version`);
    else if (c.to !== null) {
      if (!set.delete(c.to)) violations.push(`${key}#${i}: adds ${c.to}, which is not there afterwards`);
    } else if (set.has(c.from!)) violations.push(`${key}#${i}: removes ${c.from}, which is there afterwards`);
    else set.add(c.from!);
  }
  return violations;
}

function str(value: number | null): string | null {
  return value === null ? null : String(value);
}
