/**
 * JQL core speed: parse, normalize, split and the whole plan, on typical queue queries,
 * the real corpus and pathological inputs, side by side with Atlassian's reference
 * parser (@atlaskit/jql-parser) in the same run. Writes bench/results/jql-plan.json.
 *
 *   pnpm bench:jql            (about a minute)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { normalizeQuery, parse, plan, split } from "@subq/jql";
import Benchmark from "benchmark";
import { referenceAccepts } from "../../packages/jql/src/testing/reference-parser.js";
import { realCorpus } from "../../packages/jql/src/testing/shared-files.js";
import { benchEnvironment, median } from "../support/environment.js";

/** Queue and board queries in the shape service desks and boards poll. */
const QUEUE_QUERIES = [
  'project = SD AND status in (Open, "In Progress") AND assignee = currentUser() ORDER BY priority DESC, created ASC',
  'project = SD AND resolution = Unresolved AND "Request Type" = "Get IT help" ORDER BY created ASC',
  "project = SD AND status = 'Waiting for support' AND assignee is EMPTY ORDER BY priority DESC",
  "project = GAILP AND sprint in openSprints() AND type in (Story, Bug) ORDER BY rank",
  "project = GAILP AND status != Done AND due <= endOfWeek() ORDER BY due ASC",
  "project in (SD, OPS) AND priority in (Highest, High) AND updated >= -1d ORDER BY updated DESC",
  "project = OPS AND labels = incident AND resolution is EMPTY AND cf[10301] > 3 ORDER BY cf[10301] DESC",
  'project = SD AND component = Network AND reporter in membersOf("customers") ORDER BY created DESC',
];

interface Measured {
  readonly name: string;
  readonly medianUs: number;
  readonly meanUs: number;
  readonly samples: number;
}

/** Benchmarks `fn`; `perOp` divides the times (an op that runs `perOp` queries). */
function measure(name: string, fn: () => void, options: { maxTime?: number; perOp?: number } = {}): Measured {
  const bench = new Benchmark(name, fn, { maxTime: options.maxTime ?? 1, minSamples: 20 });
  bench.run();
  if (bench.error) throw bench.error;
  const perOp = options.perOp ?? 1;
  const result = {
    name,
    medianUs: (median(bench.stats.sample) * 1e6) / perOp,
    meanUs: (bench.stats.mean * 1e6) / perOp,
    samples: bench.stats.sample.length,
  };
  console.log(`${name.padEnd(48)} median ${result.medianUs.toFixed(2).padStart(10)} µs`);
  return result;
}

/** Runs `fn` over every item of `items` per benchmark op; reports per-item times. */
function measureSet(
  name: string,
  items: readonly string[],
  fn: (q: string) => void,
  maxTime?: number,
): Measured {
  const run = () => {
    for (const q of items) fn(q);
  };
  return measure(name, run, { maxTime, perOp: items.length });
}

function normalizeAndSplit(q: string): void {
  const normalized = normalizeQuery(parse(q), { source: q });
  split(normalized.query, { texts: normalized.texts, fields: normalized.fields });
}

const corpus = realCorpus()
  .filter((row) => row.verdict === "OK")
  .map((row) => row.query);

console.log("typical queue queries (per query)");
const queueParse = measureSet("parse", QUEUE_QUERIES, (q) => parse(q));
const queueNormalizeSplit = measureSet("parse + normalize + split", QUEUE_QUERIES, normalizeAndSplit);
const queuePlan = measureSet("plan (parse + normalize + split + metadata)", QUEUE_QUERIES, (q) => plan(q));
const queueReference = measureSet(
  "reference parser (@atlaskit) parse",
  QUEUE_QUERIES,
  (q) => referenceAccepts(q),
  2,
);

console.log(`real corpus: ${corpus.length} queries (per query)`);
const corpusParse = measureSet("parse", corpus, (q) => parse(q));
const corpusPlan = measureSet("plan", corpus, (q) => plan(q));
const corpusReference = measureSet("reference parser parse", corpus, (q) => referenceAccepts(q), 3);

console.log("pathological inputs");
const nested = (depth: number) => `${"(".repeat(depth)}a = b${")".repeat(depth)}`;
const orChain = (terms: number) => Array.from({ length: terms }, (_, i) => `f${i % 7} = v${i}`).join(" OR ");
const scaling = (label: string, make: (n: number) => string, sizes: number[]) =>
  sizes.map((n) => {
    const text = make(n);
    const parsed = measure(`${label} ${n}: parse`, () => parse(text));
    const planned = measure(`${label} ${n}: plan`, () => plan(text));
    return {
      size: n,
      chars: text.length,
      parseUs: parsed.medianUs,
      planUs: planned.medianUs,
      planNsPerChar: (planned.medianUs * 1000) / text.length,
    };
  });
const parentheses = scaling("parentheses", nested, [250, 500, 1000]);
const orChains = scaling("OR chain", orChain, [1250, 2500, 5000]);

/** Time per character at the largest size over the smallest: about 1 when time is linear. */
const linearity = (rows: { planNsPerChar: number }[]) =>
  rows[rows.length - 1]!.planNsPerChar / rows[0]!.planNsPerChar;

const result = {
  benchmark: "jql-plan",
  environment: benchEnvironment({ "@atlaskit/jql-parser": "3.0.1", benchmark: "2.1.4" }),
  typicalQueueQueries: QUEUE_QUERIES,
  planMedianUs: round(queuePlan.medianUs),
  referenceParseMedianUs: round(queueReference.medianUs),
  speedup: round(queueReference.medianUs / queuePlan.medianUs),
  targets: { planMedianUs: 10, speedup: 20 },
  queue: {
    parseUs: round(queueParse.medianUs),
    normalizeSplitUs: round(queueNormalizeSplit.medianUs),
    planUs: round(queuePlan.medianUs),
  },
  corpus: {
    queries: corpus.length,
    parseUs: round(corpusParse.medianUs),
    planUs: round(corpusPlan.medianUs),
    referenceParseUs: round(corpusReference.medianUs),
    speedupParse: round(corpusReference.medianUs / corpusParse.medianUs),
  },
  pathological: {
    parentheses,
    orChains,
    linearity: { parentheses: round(linearity(parentheses)), orChains: round(linearity(orChains)) },
  },
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const out = new URL("../results/jql-plan.json", import.meta.url);
mkdirSync(new URL(".", out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `\nplan median ${result.planMedianUs} µs; reference parse ${result.referenceParseMedianUs} µs; speedup ${result.speedup}x`,
);
console.log(`wrote ${out.pathname}`);
