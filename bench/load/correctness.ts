/**
 * Correctness of a sample of answers: each sampled answer is compared with the direct
 * answer computed right after it arrived (a separate pool, straight to Postgres, not
 * counted as load), and every returned issue is checked to be one the user may browse.
 * A difference is explained by changes in flight or within a staleness window: the
 * smallest window before the request such that, once the issues changed in it (up to
 * the reference's end) are set aside, both pages agree. Its width is the answer's
 * staleness; a mismatch "beyond the bound" needs a wider window than the configuration
 * promises (or none explains it). Version polling is also checked where it claims most: a
 * version poll that found nothing moved keeps its answer on show, so that held answer is
 * compared with the direct answer at the poll's moment.
 */
import type { Answer, DirectSearch } from "./direct-search.js";
import type { PolledQuery, Poller } from "./queues.js";
import type { AnswerObserver } from "./recorder.js";

interface Sample {
  readonly poller: Poller;
  readonly query: PolledQuery;
  readonly answer: Answer;
  readonly sentAt: number;
  /** An answer kept on show after a version poll found nothing moved (not fetched now). */
  readonly held: boolean;
}

export interface CorrectnessResult {
  checked: number;
  /** Staleness needed to explain each answer that differed (Infinity: nothing explains it). */
  readonly explainedByMs: number[];
  /** The same for held answers (version polling: the answer on show when the version did not move). */
  heldChecked: number;
  readonly heldExplainedByMs: number[];
  leaks: number;
  readonly leakExamples: string[];
  errors: number;
}

/** Pages agree once `changed` issues are set aside: the shorter is a prefix of the longer (cut by the page end). */
export function agrees(a: Answer, d: Answer, maxResults: number, changed: ReadonlySet<string>): boolean {
  if (Math.abs(a.total - d.total) > changed.size) return false;
  const a2 = a.ids.filter((id) => !changed.has(id));
  const d2 = d.ids.filter((id) => !changed.has(id));
  const [short, long, shortPage] = a2.length <= d2.length ? [a2, d2, a] : [d2, a2, d];
  if (shortPage.ids.length < maxResults && short.length !== long.length) return false;
  return short.every((id, i) => long[i] === id);
}

export class CorrectnessChecker implements AnswerObserver {
  private readonly queue: Sample[] = [];
  private running = false;
  private lastSample = 0;
  private lastHeld = 0;
  readonly result: CorrectnessResult = {
    checked: 0,
    explainedByMs: [],
    heldChecked: 0,
    heldExplainedByMs: [],
    leaks: 0,
    leakExamples: [],
    errors: 0,
  };
  open = false;

  constructor(
    private readonly reference: DirectSearch,
    /** Changes committed so far: issue id and commit time (epoch ms), in commit order. */
    private readonly changes: readonly { readonly issueId: number; readonly committedAt: number }[],
    private readonly everyMs: number,
  ) {}

  answer(poller: Poller, query: PolledQuery, answer: Answer, sentAt: number): void {
    if (!this.open || sentAt - this.lastSample < this.everyMs || this.queue.length >= 4) return;
    this.lastSample = sentAt;
    this.queue.push({ poller, query, answer, sentAt, held: false });
    if (!this.running) void this.drain();
  }

  /** Held answers are sampled at the same rate as fetched ones, on their own clock. */
  held(poller: Poller, query: PolledQuery, answer: Answer, sentAt: number): void {
    if (!this.open || sentAt - this.lastHeld < this.everyMs || this.queue.length >= 4) return;
    this.lastHeld = sentAt;
    this.queue.push({ poller, query, answer, sentAt, held: true });
    if (!this.running) void this.drain();
  }

  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 50));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let sample = this.queue.shift(); sample; sample = this.queue.shift()) {
        await this.verify(sample).catch(() => (this.result.errors += 1));
      }
    } finally {
      this.running = false;
    }
  }

  private async verify(sample: Sample): Promise<void> {
    const { poller, query, answer } = sample;
    const reference = await this.reference.search(poller.user, query.jql, query.maxResults);
    const checkedAt = Date.now();
    const explainedBy = this.staleness(answer, reference, query.maxResults, sample.sentAt, checkedAt);
    if (sample.held) {
      // Its issues were checked for leaks when it was fetched.
      this.result.heldChecked += 1;
      if (explainedBy !== null) this.result.heldExplainedByMs.push(explainedBy);
      return;
    }
    if (answer.keys.length > 0) {
      const visible = await this.reference.search(
        poller.user,
        `issuekey in (${answer.keys.map((k) => `"${k}"`).join(", ")})`,
        1000,
      );
      const allowed = new Set(visible.ids);
      for (const id of answer.ids) {
        if (allowed.has(id)) continue;
        this.result.leaks += 1;
        if (this.result.leakExamples.length < 5)
          this.result.leakExamples.push(`${poller.user} ${query.name} issue ${id}`);
      }
    }
    this.result.checked += 1;
    if (explainedBy !== null) this.result.explainedByMs.push(explainedBy);
  }

  /** null: the answers agree; else the staleness window that explains the difference (Infinity: none). */
  private staleness(
    a: Answer,
    d: Answer,
    maxResults: number,
    sentAt: number,
    checkedAt: number,
  ): number | null {
    const changed = new Set<string>();
    if (agrees(a, d, maxResults, changed)) return null;
    const committed = this.changes.filter((c) => c.committedAt <= checkedAt);
    for (const c of committed) if (c.committedAt >= sentAt) changed.add(String(c.issueId));
    if (agrees(a, d, maxResults, changed)) return 0;
    for (let i = committed.length - 1; i >= 0; i--) {
      const c = committed[i]!;
      if (c.committedAt >= sentAt) continue;
      changed.add(String(c.issueId));
      if (agrees(a, d, maxResults, changed)) return sentAt - c.committedAt;
    }
    return Number.POSITIVE_INFINITY;
  }
}
