import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expectedReadme, README } from "../../scripts/update-readme.js";

describe("README.md", () => {
  it("carries the current configuration reference (regenerate with pnpm docs:readme)", () => {
    expect(readFileSync(README, "utf8")).toBe(expectedReadme());
  });

  it("keeps the two-command quick start", () => {
    const readme = readFileSync(README, "utf8");
    expect(readme).toContain("pnpm install && pnpm demo");
    expect(readme).toMatch(/^pnpm test\s/m);
    const scripts = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).scripts;
    expect(scripts.demo).toBeDefined();
    expect(scripts.test).toBe("vitest run");
  });
});
