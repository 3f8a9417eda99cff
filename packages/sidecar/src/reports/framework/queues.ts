/**
 * The producer side of the report queues: Initialise jobs, the scan flow (one Finalise
 * parent whose children are the scan batches, so BullMQ starts Finalise exactly when the
 * last batch completed), and the deadline job. All queues share the prefix, whose hash
 * tag keeps a flow's parent and children in one Redis Cluster slot.
 *
 * Scan batches are retried with exponential backoff; a batch that fails for good fails
 * its parent (`failParentOnFailure`), so a run never finalises with a batch missing.
 * Completed jobs are removed; failed ones are kept for the inspection time.
 */
import { FlowProducer, type JobsOptions, Queue } from "bullmq";
import type { QueueConnections } from "../../refresh/bullmq-connection.js";
import type { ResolvedReportOptions } from "../options.js";
import { batchRange } from "./batch-plan.js";
import {
  type FinaliseJobData,
  jobIds,
  QUEUES,
  type RunJobData,
  type RunRef,
  type ScanJobData,
} from "./jobs.js";

export class ReportQueues {
  readonly init: Queue<RunJobData>;
  readonly finalise: Queue<FinaliseJobData>;
  readonly deadline: Queue<RunJobData>;
  readonly #flows: FlowProducer;
  readonly #jobOptions: JobsOptions;

  constructor(
    connections: QueueConnections,
    private readonly options: ResolvedReportOptions,
  ) {
    const connection = connections.producer;
    const { prefix } = options;
    this.#jobOptions = {
      attempts: options.attempts,
      backoff: { type: "exponential", delay: options.backoffMs },
      removeOnComplete: true,
      removeOnFail: { age: Math.ceil(options.inspectionTtlMs / 1000) },
    };
    const queueOptions = {
      connection,
      prefix,
      defaultJobOptions: this.#jobOptions,
      streams: { events: { maxLen: 100 } },
    };
    this.init = new Queue(QUEUES.init, queueOptions);
    this.finalise = new Queue(QUEUES.finalise, queueOptions);
    this.deadline = new Queue(QUEUES.deadline, queueOptions);
    this.#flows = new FlowProducer({ connection, prefix });
  }

  async enqueueInit(run: RunRef): Promise<void> {
    await this.init.add("initialise", { run }, { jobId: jobIds.init(run) });
  }

  /** The Finalise parent with one child per batch; a no-op when already added. */
  async addScanFlow(run: RunRef, bounds: readonly string[]): Promise<void> {
    const batches = Math.max(0, bounds.length - 1);
    const children = Array.from({ length: batches }, (_, index) => ({
      name: "scan",
      queueName: QUEUES.scan,
      data: { run, index, ...batchRange(bounds, index) } satisfies ScanJobData,
      opts: { ...this.#jobOptions, jobId: jobIds.scan(run, index), failParentOnFailure: true },
    }));
    await this.#flows.add({
      name: "finalise",
      queueName: QUEUES.finalise,
      data: { run, batches } satisfies FinaliseJobData,
      opts: { ...this.#jobOptions, jobId: jobIds.finalise(run) },
      children,
    });
  }

  /** A job that stops the run if it is still going at `deadlineMs`. */
  async scheduleDeadline(run: RunRef, deadlineMs: number): Promise<void> {
    const delay = Math.max(0, deadlineMs - this.options.clock());
    await this.deadline.add("deadline", { run }, { jobId: jobIds.deadline(run), delay, attempts: 10 });
  }

  /** Runs in the fleet that hold a place in the budget: initialising, scanning or finalising. */
  async activeRuns(): Promise<number> {
    const [init, finalise] = await Promise.all([
      this.init.getJobCounts("wait", "active", "delayed", "prioritized"),
      this.finalise.getJobCounts("waiting-children", "wait", "active", "delayed", "prioritized"),
    ]);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    return sum(init) + sum(finalise);
  }

  async close(): Promise<void> {
    await Promise.all([this.init.close(), this.finalise.close(), this.deadline.close(), this.#flows.close()]);
  }
}
