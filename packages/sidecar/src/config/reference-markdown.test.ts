import { describe, expect, it } from "vitest";
import { CONFIG_REFERENCE } from "./reference.js";
import { configReferenceMarkdown, defaultText } from "./reference-markdown.js";

describe("configReferenceMarkdown", () => {
  it("has one row per option with its variable, default and description", () => {
    const lines = configReferenceMarkdown().split("\n");
    expect(lines[0]).toBe("| option | environment | default | description |");
    const rows = lines.filter((line) => line.startsWith("| `"));
    expect(rows).toHaveLength(CONFIG_REFERENCE.length);
    expect(rows).toContain(
      "| `store.stalenessBoundMs` | `SUBQ_STALENESS_BOUND_MS` | 600000 (10 min) | Cached Stage 1 data older than this reads as stale even without an event. Expects a whole number of milliseconds >= 1. |",
    );
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it("writes defaults for people", () => {
    const spec = (key: string) => CONFIG_REFERENCE.find((s) => s.key === key)!;
    expect(defaultText(spec("tenants.file"))).toBe("none");
    expect(defaultText(spec("auth.tokens"))).toBe("empty");
    expect(defaultText(spec("auth.publicRoutes"))).toBe("healthz, readyz, metrics, openapi");
    expect(defaultText(spec("redis.commandTimeoutMs"))).toBe("2000 (2 s)");
    expect(defaultText(spec("store.idleTtlMs"))).toBe("3600000 (1 h)");
    expect(defaultText(spec("port"))).toBe("7480");
  });
});
