/**
 * How to compute a page over a large member set. Stage 2 sends every member id as one
 * array parameter; past a few thousand ids Postgres often plans that worse than the whole
 * query (bench/RESULTS.md: a 29k-id dashboard took 230–450 ms as Stage 2, 20–28 ms as the
 * query itself), yet when the static part is costly (text search, history, custom-field
 * joins) Stage 2 over ids stays far cheaper. Neither rule of thumb holds for every query,
 * so each plan measures both: below `minIds` always Stage 2; above, the cheaper of the two
 * recent costs, with the other one re-measured every `probeEvery` computations so a change
 * in data or load is noticed. Both ways answer the same query (stage1 ∧ stage2 ⇔ query,
 * docs/ARCHITECTURE.md), the whole query on fresher data, so the choice is about cost only.
 */
import type { Plan } from "@subq/jql";

export type LargeSetWay = "stage2" | "direct";

export interface LargeSetChoiceOptions {
  /** Member counts below this always run Stage 2 over the ids. */
  readonly minIds: number;
  /** Every this many computations of a plan, the way not chosen is measured again. */
  readonly probeEvery: number;
}

export const LARGE_SET_DEFAULTS: LargeSetChoiceOptions = Object.freeze({ minIds: 2_000, probeEvery: 20 });

interface Costs {
  stage2: number | undefined;
  direct: number | undefined;
  computations: number;
}

/** Weight of the newest measurement of the way in use (smooths one slow outlier). */
const NEWEST_WEIGHT = 0.5;

export class LargeSetChoice {
  private readonly costs = new WeakMap<Plan, Costs>();

  constructor(private readonly options: LargeSetChoiceOptions = LARGE_SET_DEFAULTS) {}

  choose(plan: Plan, memberCount: number): LargeSetWay {
    if (memberCount < this.options.minIds) return "stage2";
    let costs = this.costs.get(plan);
    if (!costs) {
      costs = { stage2: undefined, direct: undefined, computations: 0 };
      this.costs.set(plan, costs);
    }
    const n = costs.computations++;
    // Measure each way once, then the cheaper, probing the other now and then.
    if (costs.stage2 === undefined) return "stage2";
    if (costs.direct === undefined) return "direct";
    const cheaper: LargeSetWay = costs.direct < costs.stage2 ? "direct" : "stage2";
    if (n % this.options.probeEvery === 0) return cheaper === "direct" ? "stage2" : "direct";
    return cheaper;
  }

  /** Records how long a computation chosen by `choose` took, ms. */
  record(plan: Plan, way: LargeSetWay, durationMs: number): void {
    const costs = this.costs.get(plan);
    if (!costs) return; // a small set: nothing to choose
    const previous = costs[way];
    const other = costs[way === "stage2" ? "direct" : "stage2"];
    // The way in use is smoothed over many runs; a probe is its way's only fresh figure.
    const probe = other !== undefined && previous !== undefined && other < previous;
    costs[way] =
      previous === undefined || probe ? durationMs : previous + NEWEST_WEIGHT * (durationMs - previous);
  }
}
