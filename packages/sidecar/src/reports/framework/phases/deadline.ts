/**
 * The deadline job, delayed to the run's deadline: a run still queued or running then is
 * stopped (expired) and its Redis state deleted. Workers that still hold its batches find
 * the state gone and drop them; Finalise finds the run stopped. It is the backstop that
 * ends a run whose workers all died or whose batch stalled for good.
 */
import type { Job } from "bullmq";
import type { RunJobData } from "../jobs.js";
import type { PhaseDeps } from "./deps.js";
import { stopAndDiscard } from "./stop.js";

export async function enforceDeadline(
  deps: PhaseDeps,
  job: Job<RunJobData>,
): Promise<"expired" | "finished"> {
  const stopped = await stopAndDiscard(
    deps,
    job.data.run,
    "expired",
    "the run passed its deadline and was stopped",
  );
  return stopped ? "expired" : "finished";
}
