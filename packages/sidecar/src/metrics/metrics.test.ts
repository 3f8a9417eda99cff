import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.js";

function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("createMetrics", () => {
  it("exposes every metric in the Prometheus text format, known label values at 0", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const { contentType, body } = await metrics.expose();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "subq_http_requests_total",
      "subq_http_request_duration_seconds",
      "subq_watch_streams",
      "subq_cache_reads_total",
      "subq_populate_duration_seconds",
      "subq_refresh_duration_seconds",
      "subq_refresh_wasted_total",
      "subq_lock_wait_seconds",
      "subq_events_received_total",
      "subq_event_matches_total",
      "subq_event_patches_total",
      "subq_event_stale_marks_total",
      "subq_db_seconds",
      "subq_db_load_per_user_seconds",
      "subq_db_load_window_seconds",
      "subq_db_users",
      "subq_stage2_cache_total",
      "subq_direct_answers_total",
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
    expect(value(body, 'subq_cache_reads_total{state="tooLarge"}')).toBe(0);
    expect(value(body, 'subq_direct_answers_total{reason="redis-unavailable"}')).toBe(0);
    expect(value(body, 'subq_stage2_cache_total{result="hit"}')).toBe(0);
    expect(body).not.toContain("subq_process_cpu");
  });

  it("counts what the engine reports", async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.cacheRead("fresh");
    metrics.cacheRead("fresh");
    metrics.cacheRead("tooLarge");
    metrics.populate("committed", 0.2);
    metrics.refresh("unchanged", 0.1);
    metrics.refresh("changed", 0.3);
    metrics.lockWait(0.05, "woken");
    metrics.stage2Cache(true);
    metrics.stage2Cache(false);
    metrics.stage2Cache(false);
    metrics.direct("too-large");
    metrics.events(10, 7, 5, 2);
    metrics.httpRequest({ route: "search", method: "POST", status: 400, outcome: "E_JQL_SYNTAX" }, 0.01);
    const { body } = await metrics.expose();
    expect(value(body, 'subq_cache_reads_total{state="fresh"}')).toBe(2);
    expect(value(body, 'subq_cache_reads_total{state="tooLarge"}')).toBe(1);
    expect(value(body, 'subq_populate_duration_seconds_count{outcome="committed"}')).toBe(1);
    expect(value(body, 'subq_populate_duration_seconds_sum{outcome="committed"}')).toBeCloseTo(0.2);
    expect(value(body, 'subq_refresh_duration_seconds_count{outcome="unchanged"}')).toBe(1);
    expect(value(body, "subq_refresh_wasted_total")).toBe(1);
    expect(value(body, 'subq_lock_wait_seconds_count{outcome="woken"}')).toBe(1);
    expect(value(body, 'subq_stage2_cache_total{result="hit"}')).toBe(1);
    expect(value(body, 'subq_stage2_cache_total{result="miss"}')).toBe(2);
    expect(value(body, 'subq_direct_answers_total{reason="too-large"}')).toBe(1);
    expect(value(body, "subq_events_received_total")).toBe(10);
    expect(value(body, "subq_event_matches_total")).toBe(7);
    expect(value(body, "subq_event_patches_total")).toBe(5);
    expect(value(body, "subq_event_stale_marks_total")).toBe(2);
    expect(
      value(
        body,
        'subq_http_requests_total{route="search",method="POST",status="400",outcome="E_JQL_SYNTAX"}',
      ),
    ).toBe(1);
  });

  it("computes DBLoadPerUser from recorded database time when scraped", async () => {
    const clock = { now: 5_000_000 };
    const metrics = createMetrics({ processMetrics: false, dbLoadWindowMs: 10_000, clock: () => clock.now });
    metrics.recordDbTime("stage2", "ann", 0.5);
    metrics.dbTime("stage2", "bob", 1.5); // the EngineMetrics name of the same thing
    metrics.recordDbTime("stage1", null, 2);
    let { body } = await metrics.expose();
    expect(value(body, "subq_db_load_per_user_seconds")).toBe(2);
    expect(value(body, "subq_db_users")).toBe(2);
    expect(value(body, "subq_db_load_window_seconds")).toBe(4);
    expect(value(body, 'subq_db_seconds_count{stage="stage2"}')).toBe(2);
    expect(value(body, 'subq_db_seconds_sum{stage="stage1"}')).toBe(2);
    clock.now += 11_000;
    ({ body } = await metrics.expose());
    expect(value(body, "subq_db_load_per_user_seconds")).toBe(0);
    expect(value(body, 'subq_db_seconds_count{stage="stage2"}')).toBe(2); // the histogram is cumulative
  });

  it("gives each call its own registry, with process metrics by default", async () => {
    const a = createMetrics();
    const b = createMetrics({ processMetrics: false });
    a.cacheRead("stale");
    expect(a.registry).not.toBe(b.registry);
    expect((await a.expose()).body).toContain("subq_process_cpu_user_seconds_total");
    expect(value((await b.expose()).body, 'subq_cache_reads_total{state="stale"}')).toBe(0);
  });
});
