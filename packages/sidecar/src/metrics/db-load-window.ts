/**
 * DBLoadPerUser over a sliding window: database seconds spent in the last `windowMs`
 * divided by the distinct users who searched in it. Seconds go into time buckets (a ring
 * of `buckets` slots, so the window slides in steps of windowMs/buckets); users are kept
 * with the time they were last seen, so memory is one entry per recent user. Database
 * time without a user (Stage 1 populates and refreshes, shared by everyone) counts toward
 * the load but adds no user.
 */

export interface DbLoad {
  /** Database seconds in the window. */
  readonly seconds: number;
  /** Distinct users in the window. */
  readonly users: number;
  /** seconds / users; 0 when no user searched in the window. */
  readonly perUser: number;
}

export class DbLoadWindow {
  private readonly bucketMs: number;
  private readonly starts: number[];
  private readonly seconds: number[];
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
    buckets = 12,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / buckets));
    this.starts = new Array<number>(buckets).fill(Number.NEGATIVE_INFINITY);
    this.seconds = new Array<number>(buckets).fill(0);
  }

  record(user: string | null, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const now = this.clock();
    const start = now - (now % this.bucketMs);
    const slot = Math.floor(start / this.bucketMs) % this.starts.length;
    if (this.starts[slot] !== start) {
      this.starts[slot] = start;
      this.seconds[slot] = 0;
      this.forgetUsersBefore(now - this.windowMs);
    }
    this.seconds[slot]! += seconds;
    if (user !== null) {
      // Re-inserted, so the map stays ordered by last sighting and forgetting stops early.
      this.lastSeen.delete(user);
      this.lastSeen.set(user, now);
    }
  }

  read(): DbLoad {
    const now = this.clock();
    const since = now - this.windowMs;
    let seconds = 0;
    this.starts.forEach((start, slot) => {
      // A bucket counts while any part of it is inside the window.
      if (start + this.bucketMs > since && start <= now) seconds += this.seconds[slot]!;
    });
    this.forgetUsersBefore(since);
    const users = this.lastSeen.size;
    return { seconds, users, perUser: users === 0 ? 0 : seconds / users };
  }

  private forgetUsersBefore(time: number): void {
    for (const [user, seen] of this.lastSeen) {
      if (seen > time) return;
      this.lastSeen.delete(user);
    }
  }
}
