/** Checking what a tool's Finalise returned before it reaches the database. */
import type { ReportRow } from "../contract/contract.js";
import { ReportError } from "../errors.js";

const NAME = /^[A-Za-z0-9_.:*-]{1,200}$/;

/** The rows, or E_REPORT_TOOL naming the first bad one and the rule it breaks. */
export function checkRows(tool: string, rows: readonly ReportRow[]): readonly ReportRow[] {
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const where = `tool ${tool}, row ${i} (${row.entityType}/${row.entityId}/${row.metric})`;
    for (const part of [row.entityType, row.entityId, row.metric]) {
      if (typeof part !== "string" || !NAME.test(part)) {
        throw new ReportError(
          "E_REPORT_TOOL",
          `${where}: entity type, id and metric are 1-200 characters of [A-Za-z0-9_.:*-]`,
        );
      }
    }
    if (typeof row.value !== "number" || !Number.isFinite(row.value)) {
      throw new ReportError("E_REPORT_TOOL", `${where}: value ${String(row.value)} is not a finite number`);
    }
    const key = `${row.entityType}\u0000${row.entityId}\u0000${row.metric}`;
    if (seen.has(key))
      throw new ReportError("E_REPORT_TOOL", `${where}: the same entity and metric appear twice`);
    seen.add(key);
  }
  return rows;
}
