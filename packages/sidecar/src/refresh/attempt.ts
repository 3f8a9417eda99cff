/**
 * One run of the refresh handler, timed and reported the same way by both queues. A
 * thrown error is reported as "failed" and rethrown, so the queue can schedule the retry.
 */
import type { RefreshReport } from "./options.js";
import type { RefreshHandler, RefreshJob, RefreshOutcome } from "./queue.js";

export interface AttemptContext {
  readonly attempt: number;
  readonly attempts: number;
  readonly onOutcome: (report: RefreshReport) => void;
}

export async function runAttempt(
  handler: RefreshHandler,
  job: RefreshJob,
  context: AttemptContext,
): Promise<RefreshOutcome> {
  const started = performance.now();
  const base = { job, attempt: context.attempt };
  try {
    const outcome = await handler(job);
    report(context, { ...base, outcome, willRetry: false, durationMs: performance.now() - started });
    return outcome;
  } catch (error) {
    const willRetry = context.attempt < context.attempts;
    report(context, {
      ...base,
      outcome: "failed",
      willRetry,
      durationMs: performance.now() - started,
      error,
    });
    throw error;
  }
}

function report(context: AttemptContext, report: RefreshReport): void {
  try {
    context.onOutcome(report);
  } catch {
    // Metrics must never fail a refresh.
  }
}
