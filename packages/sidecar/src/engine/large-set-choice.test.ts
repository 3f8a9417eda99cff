import { plan } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { LargeSetChoice, type LargeSetWay } from "./large-set-choice.js";

/** Runs `n` computations with the given cost per way; returns the ways chosen. */
function drive(
  choice: LargeSetChoice,
  p: ReturnType<typeof plan>,
  members: number,
  cost: Record<LargeSetWay, number>,
  n: number,
) {
  const ways: LargeSetWay[] = [];
  for (let k = 0; k < n; k++) {
    const way = choice.choose(p, members);
    ways.push(way);
    choice.record(p, way, cost[way]);
  }
  return ways;
}

describe("LargeSetChoice", () => {
  it("always runs Stage 2 below the threshold and measures nothing", () => {
    const choice = new LargeSetChoice({ minIds: 100, probeEvery: 5 });
    const p = plan("project = A ORDER BY key");
    expect(new Set(drive(choice, p, 99, { stage2: 500, direct: 1 }, 30))).toEqual(new Set(["stage2"]));
  });

  it("measures both ways, then keeps to the cheaper one, probing the other every probeEvery", () => {
    const choice = new LargeSetChoice({ minIds: 100, probeEvery: 5 });
    const p = plan("project = A ORDER BY key");
    const ways = drive(choice, p, 5_000, { stage2: 300, direct: 20 }, 22);
    expect(ways.slice(0, 2)).toEqual(["stage2", "direct"]);
    const later = ways.slice(2);
    expect(later.filter((w) => w === "direct").length).toBeGreaterThan(later.length * 0.7);
    // computations 5, 10, 15, 20 re-measure Stage 2
    expect(ways.flatMap((w, k) => (k >= 2 && w === "stage2" ? [k] : []))).toEqual([5, 10, 15, 20]);
  });

  it("keeps Stage 2 when it is the cheaper way, and follows a change in costs", () => {
    const choice = new LargeSetChoice({ minIds: 100, probeEvery: 4 });
    const p = plan("project = A AND summary ~ outage");
    const first = drive(choice, p, 5_000, { stage2: 15, direct: 400 }, 12);
    expect(first.slice(2).filter((w) => w === "stage2").length).toBeGreaterThanOrEqual(7);
    // The static part got cheap (say an index arrived): probes notice, the choice flips.
    const after = drive(choice, p, 5_000, { stage2: 15, direct: 2 }, 20);
    expect(after.slice(-8).filter((w) => w === "direct").length).toBeGreaterThanOrEqual(6);
  });

  it("keeps costs per plan", () => {
    const choice = new LargeSetChoice({ minIds: 10, probeEvery: 100 });
    const a = plan("project = A ORDER BY key");
    const b = plan("project = B ORDER BY key");
    drive(choice, a, 50, { stage2: 100, direct: 1 }, 3);
    drive(choice, b, 50, { stage2: 1, direct: 100 }, 3);
    expect(choice.choose(a, 50)).toBe("direct");
    expect(choice.choose(b, 50)).toBe("stage2");
  });
});
