/**
 * JQL time values (docs/jql-semantics.md §4), shared by the evaluator and the SQL compiler
 * so both compute the same instants from the same text.
 *
 * - Absolute date literals: `yyyy-M-d`, `yyyy/M/d`, optionally followed by one space and
 *   `H:mm` (Jira's four formats; month, day, hour and minute take one or two digits, the
 *   year exactly four, 0001–9999; surrounding whitespace is ignored; the date must exist).
 *   Read in the tenant's zone. Without a time the literal is the first instant of that day;
 *   with a time, an ambiguous wall time is the later instant and one in a DST gap is read
 *   with the offset before the gap (time-zone.ts).
 * - Relative offsets: an optional sign, then one or more whitespace-separated terms
 *   `N unit` (no space inside a term; N up to 9 digits; units y M w d h m, case-sensitive),
 *   or `0`. The sign applies to the whole offset, as in Jira: `"-4w 2d"` is 30 days ago.
 *   `w` = 7 × 24 h, `d` = 24 h, `h`, `m` are exact; `y` and `M` are calendar months added
 *   to the local wall time first (the day clamped to the month's length), then the exact
 *   part is added.
 * - `startOf*` / `endOf*`: date-periods.ts (re-exported here).
 */
import { EXACT_MS, inRange, type OffsetUnit } from "./date-periods.js";
import {
  addMonthsLocal,
  DAY_MS,
  dayOf,
  daysInMonth,
  formatDay,
  fromLocal,
  localMs,
  startOfDayNumber,
  toLocal,
  toZone,
  type ZoneInput,
} from "./time-zone.js";

export {
  endOf,
  isPeriodIncrement,
  type OffsetUnit,
  type Period,
  startOf,
  type WeekStart,
} from "./date-periods.js";

const OFFSET_TERM = /^(\d{1,9})([yMwdhm])$/;
const SPACE = /[ \t\r\n]+/;
const ABSOLUTE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?: (\d{1,2}):(\d{1,2}))?$/;

interface Offset {
  readonly months: number;
  readonly ms: number;
}

function parseOffset(text: string): Offset | undefined {
  const trimmed = text.trim();
  let sign = 1;
  let body = trimmed;
  if (body.startsWith("-") || body.startsWith("+")) {
    sign = body.startsWith("-") ? -1 : 1;
    body = body.slice(1);
  }
  if (body === "0") return { months: 0, ms: 0 };
  if (body === "" || SPACE.test(body[0]!)) return undefined;
  let months = 0;
  let ms = 0;
  for (const term of body.split(SPACE)) {
    const m = OFFSET_TERM.exec(term);
    if (!m) return undefined;
    const n = Number(m[1]);
    const unit = m[2] as OffsetUnit;
    if (unit === "y") months += 12 * n;
    else if (unit === "M") months += n;
    else ms += n * EXACT_MS[unit];
  }
  return { months: sign * months, ms: sign * ms };
}

/** `-5d`, `"-4w 2d"`, `1h`, `"+3m"`, `"0"`: a time relative to now (a temporal literal). */
export function isRelativeOffset(text: string): boolean {
  return parseOffset(text) !== undefined;
}

/** `now` moved by a relative offset; throws `RangeError` if `text` is not one or the result is out of range. */
export function applyOffset(now: number, text: string, zone: ZoneInput): number {
  const offset = parseOffset(text);
  if (!offset) throw new RangeError(`not a relative date offset: ${JSON.stringify(text)}`);
  let instant = now;
  if (offset.months !== 0) {
    const z = toZone(zone);
    instant = fromLocal(addMonthsLocal(toLocal(now, z), offset.months), z);
  }
  return inRange(instant + offset.ms, text);
}

/** An absolute date literal as epoch ms in the zone, or undefined if `text` is not one. */
export function parseDateLiteral(text: string, zone: ZoneInput): number | undefined {
  const m = ABSOLUTE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[3]), Number(m[4])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const z = toZone(zone);
  if (m[5] === undefined) return startOfDayNumber(Math.floor(localMs(year, month, day) / DAY_MS), z);
  const [hour, minute] = [Number(m[5]), Number(m[6])];
  if (hour > 23 || minute > 59) return undefined;
  return fromLocal(localMs(year, month, day, hour, minute), z);
}

/** A date operand as an instant: a relative offset first (as Jira does), then an absolute date. */
export function dateValue(text: string, now: number, zone: ZoneInput): number | undefined {
  if (isRelativeOffset(text)) {
    try {
      return applyOffset(now, text, zone);
    } catch {
      return undefined;
    }
  }
  return parseDateLiteral(text, zone);
}

/**
 * Whether `text` denotes an instant at all: a relative offset (in range from the epoch)
 * or an absolute date literal. The normalizer requires it of every literal of a date
 * field, so neither back end meets a date that denotes nothing.
 */
export function isDateOperand(text: string): boolean {
  return dateValue(text, 0, "UTC") !== undefined;
}

/** The formats a date operand may take, for messages (Jira's wording). */
export const DATE_FORMATS =
  "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'";

/** The calendar date (`YYYY-MM-DD`) of an instant in the zone. */
export function calendarDate(instant: number, zone: ZoneInput): string {
  return formatDay(dayOf(instant, toZone(zone)));
}

/** First instant of a calendar date (`YYYY-MM-DD`) in the zone: the instant `due` stands for. */
export function startOfDate(date: string, zone: ZoneInput): number {
  return startOfDayNumber(Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS), toZone(zone));
}

/** The calendar day containing an instant in the zone: its first instant and the next day's first instant. */
export function dayBounds(instant: number, zone: ZoneInput): readonly [number, number] {
  const z = toZone(zone);
  const day = dayOf(instant, z);
  return [startOfDayNumber(day, z), startOfDayNumber(day + 1, z)];
}

export type OrderingOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/**
 * `d op t` for a calendar date d (standing for its first instant) and an instant t,
 * rewritten as a comparison of dates so neither side needs zone arithmetic per row:
 * with D the date of t, `true`/`false` for every non-empty d, or `{ op, date: D }`.
 */
export function dateComparison(
  op: OrderingOperator,
  instant: number,
  zone: ZoneInput,
): boolean | { readonly op: OrderingOperator; readonly date: string } {
  const z = toZone(zone);
  const day = dayOf(instant, z);
  const date = formatDay(day);
  if (startOfDayNumber(day, z) === instant) return { op, date };
  // t lies inside day D, after its first instant.
  switch (op) {
    case "=":
      return false;
    case "!=":
      return true;
    case "<":
    case "<=":
      return { op: "<=", date };
    case ">":
    case ">=":
      return { op: ">", date };
  }
}

const DURATION_TERM = /^(?:(\d{1,9})|(\d{0,9})(?:\.(\d{1,6}))?([wdhm]))$/i;
const ESTIMATE_SECONDS: Readonly<Record<string, bigint>> = { w: 144_000n, d: 28_800n, h: 3_600n, m: 60n };

/**
 * An estimate (`originalEstimate > 2h`) in seconds, or undefined: whitespace-separated
 * terms `N[.f]unit` (w = 5 d, d = 8 h, h, m; case-insensitive) or a bare integer of
 * minutes, as Jira's time tracking reads them; every term must come to whole minutes.
 */
export function durationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  let total = 0n;
  for (const term of trimmed.split(SPACE)) {
    const m = DURATION_TERM.exec(term);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      total += BigInt(m[1]) * 60n;
      continue;
    }
    const whole = m[2] ?? "";
    const fraction = m[3] ?? "";
    if (whole === "" && fraction === "") return undefined;
    const scale = 10n ** BigInt(fraction.length);
    const scaled = BigInt(whole + fraction || "0") * ESTIMATE_SECONDS[m[4]!.toLowerCase()]!;
    if (scaled % (scale * 60n) !== 0n) return undefined;
    total += scaled / scale;
  }
  return Number(total);
}
