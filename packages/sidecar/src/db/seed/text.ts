/**
 * Synthetic issue text: summaries, descriptions, comment bodies, environments and a
 * long-tail label vocabulary, all drawn from the seeded PRNG with Zipf-skewed word choice
 * (some phrases are common, most are rare), so text search has realistic selectivity.
 */
import { type Prng, Zipf } from "./prng.js";
import {
  COMMENT_SENTENCES,
  ENVIRONMENTS,
  LABEL_STEMS,
  PROBLEMS,
  REQUESTS,
  SENTENCES,
  SUBJECTS,
} from "./vocabulary.js";

export class TextGenerator {
  readonly #labels: readonly string[];
  readonly #labelRank: Zipf;
  readonly #subjectRank = new Zipf(SUBJECTS.length, 0.8);
  readonly #problemRank = new Zipf(PROBLEMS.length, 0.8);

  /** `labelCount` labels: the stems first (the common ones), then numbered variants (the tail). */
  constructor(labelCount: number) {
    const labels = [...LABEL_STEMS];
    for (let i = 0; labels.length < labelCount; i++)
      labels.push(`${LABEL_STEMS[i % LABEL_STEMS.length]}-${i + 1}`);
    this.#labels = labels.slice(0, labelCount);
    this.#labelRank = new Zipf(this.#labels.length, 1.05);
  }

  summary(rng: Prng, component: string | null, bug: boolean): string {
    const subject = SUBJECTS[this.#subjectRank.sample(rng)]!;
    const prefix = component !== null && rng.chance(0.4) ? `${component}: ` : "";
    if (bug) return `${prefix}${capitalize(subject)} ${PROBLEMS[this.#problemRank.sample(rng)]}`;
    return `${prefix}${rng.pick(REQUESTS)} ${subject}`;
  }

  description(rng: Prng): string | null {
    if (!rng.chance(0.9)) return null;
    return sentences(rng, SENTENCES, rng.between(1, 3));
  }

  environment(rng: Prng): string | null {
    return rng.chance(0.4) ? rng.pick(ENVIRONMENTS) : null;
  }

  comment(rng: Prng): string {
    return sentences(rng, COMMENT_SENTENCES, rng.between(1, 2));
  }

  /** 0-4 distinct labels, sorted; about 60% of issues have some. */
  labels(rng: Prng): string[] {
    if (!rng.chance(0.6)) return [];
    const count = 1 + Math.min(3, rng.geometric(0.5));
    return rng.distinct(count, () => this.#labels[this.#labelRank.sample(rng)]!).sort();
  }

  label(rng: Prng): string {
    return this.#labels[this.#labelRank.sample(rng)]!;
  }
}

function sentences(rng: Prng, pool: readonly string[], count: number): string {
  return Array.from({ length: count }, () => rng.pick(pool)).join(" ");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
