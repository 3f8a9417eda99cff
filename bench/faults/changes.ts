/**
 * The change trickle: real writes to the tenant's database (bench/load's StreamWriter:
 * one transaction per change, the snapshot after it and the writer's txid), each then
 * published as an event through the SDK's publishEvents like an application would. The
 * producer retries when told to — a 503 or 429 with Retry-After — for up to
 * `publishGiveUpMs`; any other failure (after the SDK's own retries) drops the event.
 * Every change is recorded with what became of its event.
 */
import type { SubqClient } from "../../packages/client/src/index.js";
import { isSubqClientError, type SubqEvent } from "../../packages/client/src/index.js";
import { Prng } from "../../packages/sidecar/src/db/seed/prng.js";
import type { Change } from "../load/real-stream.js";
import type { DeskProject } from "../load/tenant-facts.js";
import type { StreamWriter } from "../load/writer.js";
import { pause } from "./users.js";

export type EventOutcome = "pending" | "accepted" | "accepted-after-retry" | "dropped";

export interface ChangeRecord {
  readonly seq: number;
  readonly issueId: number;
  readonly kind: Change["kind"];
  readonly committedAt: number;
  readonly withSnapshot: boolean;
  outcome: EventOutcome;
  attempts: number;
  /** When the sidecar accepted the event (epoch ms). */
  acceptedAt?: number;
  /** The last error code of a failed publish. */
  code?: string;
}

export interface ChangeStats {
  writeErrors: number;
  lastWriteError?: string;
  /** Changes written but not published because the queue was full (bounded). */
  overflow: number;
}

const QUEUE_LIMIT = 1000;

export class ChangeStream {
  readonly changes: ChangeRecord[] = [];
  readonly stats: ChangeStats = { writeErrors: 0, overflow: 0 };
  private readonly rng = new Prng("faults");
  private readonly queue: { record: ChangeRecord; event: SubqEvent }[] = [];
  private readonly stop = new AbortController();
  private loops: Promise<void>[] = [];
  private paused = true;
  /** Events per second; 0 stops the writer. */
  ratePerSecond = 1;
  /** With the full snapshot (patched without a query) or without (marks queries stale). */
  withSnapshots = true;

  constructor(
    private readonly writer: StreamWriter,
    private readonly publisher: SubqClient,
    private readonly desks: readonly DeskProject[],
    private readonly publishGiveUpMs: number,
  ) {}

  start(): void {
    this.paused = false;
    this.loops = [this.writeLoop(), this.publishLoop()];
  }

  /** Stops writing (publishing goes on); `resume` starts again. */
  hold(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Resolves when every written change's event has been published or given up (bounded). */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.queue.length === 0 && this.changes.every((c) => c.outcome !== "pending")) return true;
      await pause(100);
    }
    return false;
  }

  async close(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.loops);
  }

  private pick(): Change | null {
    const desk = this.desks[this.rng.int(this.desks.length)]!;
    if (desk.open.length === 0) return null;
    const target = { id: desk.open[this.rng.int(desk.open.length)]! };
    const roll = this.rng.next();
    if (roll < 0.5) return { kind: "transition", target };
    if (roll < 0.8)
      return { kind: "reassign", target, assignee: desk.agents[this.rng.int(desk.agents.length)]! };
    return { kind: "resolve", target, resolution: 1 };
  }

  private async writeLoop(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const rate = this.ratePerSecond;
      if (this.paused || rate <= 0) {
        await pause(100, this.stop.signal);
        continue;
      }
      const next = performance.now() + 1000 / rate;
      const change = this.pick();
      if (change) await this.write(change);
      await pause(next - performance.now(), this.stop.signal);
    }
  }

  private async write(change: Change): Promise<void> {
    try {
      const applied = await this.writer.apply({ atMs: 0, change, source: "faults" });
      if (!applied) return;
      const withSnapshot = this.withSnapshots;
      const record: ChangeRecord = {
        seq: this.changes.length,
        issueId: applied.issueId,
        kind: change.kind,
        committedAt: applied.committedAt,
        withSnapshot,
        outcome: "pending",
        attempts: 0,
      };
      const { snapshot, ...bare } = applied.event;
      // Without the snapshot the sidecar cannot patch: it marks the matching queries stale.
      const event = (withSnapshot
        ? applied.event
        : { ...bare, after: afterOf(snapshot) }) as unknown as SubqEvent;
      this.changes.push(record);
      if (this.queue.length >= QUEUE_LIMIT) {
        record.outcome = "dropped";
        record.code = "queue-full";
        this.stats.overflow++;
        return;
      }
      this.queue.push({ record, event });
    } catch (error) {
      this.stats.writeErrors++;
      this.stats.lastWriteError = String(error).slice(0, 300);
    }
  }

  private async publishLoop(): Promise<void> {
    while (!this.stop.signal.aborted || this.queue.length > 0) {
      const item = this.queue.shift();
      if (!item) {
        if (this.stop.signal.aborted) return;
        await pause(20, this.stop.signal);
        continue;
      }
      await this.publish(item.record, item.event);
    }
  }

  private async publish(record: ChangeRecord, event: SubqEvent): Promise<void> {
    const giveUpAt = Date.now() + this.publishGiveUpMs;
    for (;;) {
      record.attempts++;
      try {
        await this.publisher.publishEvents([event], { retry: true });
        record.outcome = record.attempts === 1 ? "accepted" : "accepted-after-retry";
        record.acceptedAt = Date.now();
        return;
      } catch (error) {
        const told = isSubqClientError(error) && (error.status === 503 || error.status === 429);
        record.code = isSubqClientError(error) ? String(error.code) : String(error);
        if (!told || Date.now() >= giveUpAt) {
          record.outcome = "dropped";
          return;
        }
        const wait = isSubqClientError(error) ? (error.retryAfterMs ?? 1000) : 1000;
        await pause(Math.min(wait, 5000));
      }
    }
  }
}

function afterOf(snapshot: unknown) {
  const s = snapshot as { projectId: number; issueTypeId: number; statusId: number; sprintIds: number[] };
  return {
    project: String(s.projectId),
    issuetype: String(s.issueTypeId),
    status: String(s.statusId),
    sprint: s.sprintIds.map(String),
  };
}
