/**
 * `startOf*` / `endOf*` (docs/jql-semantics.md §4) with Jira's increment `[+-]N[unit]`,
 * the unit defaulting to the function's period: a unit as coarse as the period or coarser
 * moves the anchor day first (`startOfWeek("+1M")` = the start of the week one month from
 * today); a finer unit moves the result (`startOfMonth("+14d")` = the 15th, 00:00): `d`,
 * `w`, `M` in calendar days/months, `h`, `m` exactly. `endOf*` is the last millisecond of
 * the period. Days start at their first instant in the zone (time-zone.ts).
 */
import {
  addMonthsLocal,
  DAY_MS,
  localMs,
  startOfDayNumber,
  type TimeZone,
  toLocal,
  toZone,
  type ZoneInput,
} from "./time-zone.js";

export type Period = "day" | "week" | "month" | "year";
/** 0 = Sunday, 1 = Monday. */
export type WeekStart = 0 | 1;
export type OffsetUnit = "y" | "M" | "w" | "d" | "h" | "m";

const MAX_INSTANT = 8.64e15;
/** Exact length of a unit in ms (0 for the calendar units y and M). */
export const EXACT_MS: Readonly<Record<OffsetUnit, number>> = {
  y: 0,
  M: 0,
  w: 7 * DAY_MS,
  d: DAY_MS,
  h: 3_600_000,
  m: 60_000,
};

const INCREMENT = /^([+-]?)(\d{1,9})([yMwdhm]?)$/;

/** A function increment: `-1`, `"+1d"`, `-1w`, `3M`. */
export function isPeriodIncrement(text: string): boolean {
  return INCREMENT.test(text);
}

const PERIOD_UNIT: Readonly<Record<Period, OffsetUnit>> = { day: "d", week: "w", month: "M", year: "y" };
const RANK: Readonly<Record<OffsetUnit, number>> = { m: 0, h: 1, d: 2, w: 3, M: 4, y: 5 };

/** First instant of the period containing `now` (moved by `inc`); throws `RangeError` on a bad `inc`. */
export function startOf(
  period: Period,
  now: number,
  zone: ZoneInput,
  weekStart: WeekStart = 1,
  inc?: string,
): number {
  return boundary("start", period, now, toZone(zone), weekStart, inc);
}

/** Last millisecond of the period containing `now` (moved by `inc`). */
export function endOf(
  period: Period,
  now: number,
  zone: ZoneInput,
  weekStart: WeekStart = 1,
  inc?: string,
): number {
  return boundary("end", period, now, toZone(zone), weekStart, inc);
}

function boundary(
  edge: "start" | "end",
  period: Period,
  now: number,
  zone: TimeZone,
  weekStart: WeekStart,
  inc: string | undefined,
): number {
  let n = 0;
  let unit = PERIOD_UNIT[period];
  if (inc !== undefined) {
    const m = INCREMENT.exec(inc);
    if (!m) throw new RangeError(`not a period increment: ${JSON.stringify(inc)}`);
    n = (m[1] === "-" ? -1 : 1) * Number(m[2]);
    unit = (m[3] || unit) as OffsetUnit;
  }
  const coarse = RANK[unit] >= RANK[PERIOD_UNIT[period]];
  const today = Math.floor(toLocal(now, zone) / DAY_MS);
  const first = periodStart(period, coarse ? shiftDay(today, n, unit) : today, weekStart);
  let day = edge === "start" ? first : nextPeriodStart(period, first) - 1;
  if (!coarse && unit !== "h" && unit !== "m") day = shiftDay(day, n, unit);
  let instant = edge === "start" ? startOfDayNumber(day, zone) : startOfDayNumber(day + 1, zone) - 1;
  if (!coarse && (unit === "h" || unit === "m")) instant += n * EXACT_MS[unit];
  return inRange(instant, inc ?? period);
}

function periodStart(period: Period, day: number, weekStart: WeekStart): number {
  switch (period) {
    case "day":
      return day;
    case "week":
      return day - ((new Date(day * DAY_MS).getUTCDay() - weekStart + 7) % 7);
    case "month":
      return day - new Date(day * DAY_MS).getUTCDate() + 1;
    case "year": {
      const date = new Date(day * DAY_MS);
      return Math.floor(localMs(date.getUTCFullYear(), 1, 1) / DAY_MS);
    }
  }
}

function nextPeriodStart(period: Period, first: number): number {
  return period === "day"
    ? first + 1
    : period === "week"
      ? first + 7
      : shiftDay(first, 1, PERIOD_UNIT[period]);
}

function shiftDay(day: number, n: number, unit: OffsetUnit): number {
  if (unit === "d") return day + n;
  if (unit === "w") return day + 7 * n;
  const months = unit === "y" ? 12 * n : n;
  return Math.floor(addMonthsLocal(day * DAY_MS, months) / DAY_MS);
}

/** The instant, or a `RangeError` naming `text` when it is outside the representable range. */
export function inRange(instant: number, text: string): number {
  if (!Number.isFinite(instant) || Math.abs(instant) > MAX_INSTANT) {
    throw new RangeError(`date out of range: ${JSON.stringify(text)}`);
  }
  return instant;
}
