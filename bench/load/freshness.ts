/**
 * Freshness: how long after a change was committed a polling agent sees it. Tracked on
 * the queues where the writer knows exactly what should change on the first page: an
 * agent's "mine" queue (assigned to them and unresolved, newest update first) and the
 * desk's "new" queue (open issues created in the last 7 days, newest first). A change is
 * counted when the agent's answer before it showed the old state and a later answer
 * shows the new one:
 *  - seenMs: commit → the answer that shows it (includes waiting for the next poll);
 *  - lagMs: the first check sent after the commit (a search or a version poll) → that
 *    answer: how much later than an uncached poller the agent saw it. Push clients do
 *    not check; their lag is seenMs.
 */
import type { IssueSnapshot } from "../../packages/jql/src/index.js";
import type { Answer } from "./direct-search.js";
import type { PolledQuery, Poller } from "./queues.js";
import type { AnswerObserver } from "./recorder.js";
import type { TenantFacts } from "./tenant-facts.js";
import type { AppliedChange } from "./writer.js";

const WEEK_MS = 7 * 86_400_000;
const OPEN = 1;

interface Expectation {
  readonly present: boolean;
  readonly committedAt: number;
  firstCheck?: number;
}

export interface FreshnessResult {
  readonly seenMs: number[];
  readonly lagMs: number[];
  tracked: number;
  superseded: number;
}

export class FreshnessObserver implements AnswerObserver {
  private readonly last = new Map<string, ReadonlySet<string>>();
  private readonly pending = new Map<string, Map<string, Expectation>>();
  readonly result: FreshnessResult = { seenMs: [], lagMs: [], tracked: 0, superseded: 0 };

  constructor(
    private readonly facts: TenantFacts,
    private readonly push: boolean,
  ) {}

  /** Registers what the change must flip on the first pages of its desk's agents. */
  changed(change: AppliedChange): void {
    const desk = this.facts.projects.find((p) => p.id === change.after.projectId);
    if (!desk) return;
    const issue = String(change.issueId);
    for (const agent of desk.agents) {
      for (const [queue, holds] of [
        [`${desk.key}/mine`, (s: IssueSnapshot) => s.assignee === agent && s.resolutionId === null],
        [
          `${desk.key}/new`,
          (s: IssueSnapshot) => s.statusId === OPEN && s.created >= change.committedAt - WEEK_MS,
        ],
      ] as const) {
        const before = change.before !== null && holds(change.before);
        const after = holds(change.after);
        if (before === after) continue;
        const key = `${agent}|${queue}`;
        const shown = this.last.get(key);
        // Observable only when the agent's current page shows the old state.
        if (!shown || shown.has(issue) !== before) continue;
        let byIssue = this.pending.get(key);
        if (!byIssue) {
          byIssue = new Map();
          this.pending.set(key, byIssue);
        }
        if (byIssue.has(issue)) this.result.superseded += 1;
        byIssue.set(issue, { present: after, committedAt: change.committedAt });
        this.result.tracked += 1;
      }
    }
  }

  check(poller: Poller, query: PolledQuery, sentAt: number): void {
    const byIssue = this.pending.get(`${poller.user}|${query.name}`);
    if (!byIssue) return;
    for (const expectation of byIssue.values()) {
      if (expectation.firstCheck === undefined && sentAt >= expectation.committedAt)
        expectation.firstCheck = sentAt;
    }
  }

  answer(poller: Poller, query: PolledQuery, answer: Answer, _sentAt: number, receivedAt: number): void {
    const key = `${poller.user}|${query.name}`;
    const ids = new Set(answer.ids);
    this.last.set(key, ids);
    const byIssue = this.pending.get(key);
    if (!byIssue) return;
    for (const [issue, expectation] of byIssue) {
      if (ids.has(issue) !== expectation.present || receivedAt < expectation.committedAt) continue;
      const seen = receivedAt - expectation.committedAt;
      this.result.seenMs.push(seen);
      this.result.lagMs.push(
        this.push ? seen : receivedAt - (expectation.firstCheck ?? expectation.committedAt),
      );
      byIssue.delete(issue);
    }
  }

  /** Expectations never observed (the run ended first, or the change never showed). */
  unobserved(): number {
    let n = 0;
    for (const byIssue of this.pending.values()) n += byIssue.size;
    return n;
  }
}
