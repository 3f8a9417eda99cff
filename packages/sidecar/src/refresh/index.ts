export type { QueueClient, QueueConnection } from "./bullmq-connection.js";
export { type BullmqRefreshQueueOptions, createBullmqRefreshQueue } from "./bullmq-queue.js";
export { createMemoryRefreshQueue, type MemoryRefreshQueueOptions } from "./memory-queue.js";
export type { RefreshBackoff, RefreshQueueOptions, RefreshReport } from "./options.js";
export type { RefreshHandler, RefreshJob, RefreshOutcome, RefreshQueue } from "./queue.js";
