/**
 * JavaScript values → the text Postgres reads for them, for parameters whose meaning
 * must not drift from the evaluator's: instants (epoch ms) as ISO timestamps, calendar
 * dates as `YYYY-MM-DD`. Postgres reads years 0001–9999 in these formats; an instant or
 * date beyond them (far relative offsets such as `"+99999999d"`) becomes `infinity` or
 * `-infinity`, which compares with every stored value as the far instant would.
 */

/** 0001-01-01T00:00:00Z and the first instant after 9999-12-31. */
const FIRST_MS = Date.UTC(2000, 0, 1) - 730_119 * 86_400_000;
const AFTER_LAST_MS = Date.UTC(10_000, 0, 1);

/** An instant (epoch ms) as a `timestamptz` parameter value. */
export function instantText(ms: number): string {
  if (ms < FIRST_MS) return "-infinity";
  if (ms >= AFTER_LAST_MS) return "infinity";
  return new Date(ms).toISOString();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (`YYYY-MM-DD`, or the longer forms dates.ts writes for far years) as a `date` parameter value. */
export function dateText(date: string): string {
  const m = DATE.exec(date);
  if (m && m[1] !== "0000") return date;
  return date.startsWith("-") || date.startsWith("0000") ? "-infinity" : "infinity";
}

/** The day after a calendar date (`YYYY-MM-DD`); far dates stay as they are. */
export function nextDate(date: string): string {
  const m = DATE.exec(date);
  if (!m) return date;
  const next = new Date(0);
  next.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1, 2)}-${pad(next.getUTCDate(), 2)}`;
}

/** An issue id (bigint) from a number, or undefined when it cannot be one. */
export function issueIdValue(value: number): number | undefined {
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
