/**
 * What the pollers report while the measurement window is open: request latencies by
 * kind, answers (handed to the freshness and correctness observers), checks (a request
 * that could have revealed a change: a search, or a version poll), and errors.
 */
import type { Answer } from "./direct-search.js";
import type { PolledQuery, Poller } from "./queues.js";

export type RequestKind = "search" | "version";

export interface AnswerObserver {
  /** A request for (poller, query) was sent at `sentAt` (epoch ms). */
  check?(poller: Poller, query: PolledQuery, sentAt: number): void;
  answer(poller: Poller, query: PolledQuery, answer: Answer, sentAt: number, receivedAt: number): void;
  /** A version poll sent at `sentAt` found the version unmoved: `answer` stays on show. */
  held?(poller: Poller, query: PolledQuery, answer: Answer, sentAt: number): void;
}

export class Recorder {
  readonly latencies: Record<RequestKind, number[]> = { search: [], version: [] };
  readonly errors = new Map<string, number>();
  readonly sources = new Map<string, number>();
  answers = 0;
  /** Answers are recorded only while open (the measurement window). */
  open = false;

  constructor(private readonly observers: readonly AnswerObserver[]) {}

  check(poller: Poller, query: PolledQuery, sentAt: number): void {
    for (const observer of this.observers) observer.check?.(poller, query, sentAt);
  }

  request(kind: RequestKind, ms: number): void {
    if (this.open) this.latencies[kind].push(ms);
  }

  answer(poller: Poller, query: PolledQuery, answer: Answer, sentAt: number, receivedAt: number): void {
    // Observers always see answers (freshness needs the state before the window too).
    for (const observer of this.observers) observer.answer(poller, query, answer, sentAt, receivedAt);
    if (!this.open) return;
    this.answers += 1;
    if (answer.source) this.sources.set(answer.source, (this.sources.get(answer.source) ?? 0) + 1);
  }

  held(poller: Poller, query: PolledQuery, answer: Answer, sentAt: number): void {
    if (!this.open) return;
    for (const observer of this.observers) observer.held?.(poller, query, answer, sentAt);
  }

  error(error: unknown): void {
    const message =
      error instanceof Error
        ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
        : String(error);
    const key = message.slice(0, 160);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}
