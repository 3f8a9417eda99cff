/**
 * How the example shows its queue: a header with the version, the total and whether the
 * answer is stale, the issues in queue order, and what joined or left since the last page.
 */
import type { SearchResult } from "@subq/client";

export function renderQueue(
  page: SearchResult,
  previous: SearchResult | undefined,
  now = new Date(),
): string[] {
  const time = now.toISOString().slice(11, 19);
  const flags = [
    page.stale ? "stale: a refresh is on its way" : "",
    page.degraded ? `degraded: ${page.degraded}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [
    `[${time}] queue version ${page.version}: ${page.total} issue${page.total === 1 ? "" : "s"} waiting` +
      `${flags ? ` (${flags})` : ""}, from ${page.source}`,
  ];
  if (previous) {
    const before = new Set(previous.issues.map((issue) => issue.key));
    const after = new Set(page.issues.map((issue) => issue.key));
    const joined = [...after].filter((key) => !before.has(key));
    const left = [...before].filter((key) => !after.has(key));
    if (joined.length > 0) lines.push(`  joined: ${joined.join(", ")}`);
    if (left.length > 0) lines.push(`  left:   ${left.join(", ")}`);
  }
  page.issues.forEach((issue, index) => {
    lines.push(`  ${String(index + 1).padStart(3)}. ${issue.key}`);
  });
  if (page.total > page.issues.length) lines.push(`  ... and ${page.total - page.issues.length} more`);
  return lines;
}
