/**
 * IANA time-zone arithmetic on epoch milliseconds, with `Intl.DateTimeFormat` only.
 *
 * A *local* time is the wall clock of a zone written as if it were UTC: `local = instant +
 * offset`, so calendar fields come from `new Date(local).getUTC*()` and calendar arithmetic
 * is plain UTC arithmetic. Going back from local to instant needs a rule for wall times that
 * do not exist (spring-forward gap) or exist twice (fall-back overlap); the rule is
 * Postgres's (`timestamp AT TIME ZONE`), so SQL written either way agrees:
 * - gap: read with the offset in force before the transition (02:30 in a 02:00→03:00 gap
 *   is 03:30 of the new offset);
 * - overlap: the later instant, unless the caller asks for the earlier one (the first
 *   instant of a day, see dates.ts).
 *
 * Building a formatter costs about 0.2 ms, so callers that convert often keep the
 * `TimeZone` from `timeZone(name)` instead of passing the name each time.
 */

export interface TimeZone {
  readonly name: string;
  /** Wall clock minus UTC at `instant`, in ms (whole seconds). */
  offsetAt(instant: number): number;
}

/** A zone name (IANA, e.g. `Europe/Berlin`, or `UTC`) or a prepared `TimeZone`. */
export type ZoneInput = string | TimeZone;

export const DAY_MS = 86_400_000;

/** Throws `RangeError` for a name that is not a time zone. */
export function timeZone(name: string): TimeZone {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: name,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const fixed = name.toUpperCase() === "UTC" || name === "Etc/UTC";
  return Object.freeze({
    name,
    offsetAt: fixed ? () => 0 : (instant: number) => offsetFromParts(format, instant),
  });
}

export function toZone(zone: ZoneInput): TimeZone {
  return typeof zone === "string" ? timeZone(zone) : zone;
}

/** The parts of a formatted instant that are numbers. */
type NumericPart = "year" | "month" | "day" | "hour" | "minute" | "second";

function offsetFromParts(format: Intl.DateTimeFormat, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const at: Record<NumericPart, number> = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const part of format.formatToParts(whole)) {
    if (part.type === "era") bc = part.value === "BC" || part.value === "B";
    else if (part.type in at) at[part.type as NumericPart] = Number(part.value);
  }
  return localMs(bc ? 1 - at.year : at.year, at.month, at.day, at.hour, at.minute, at.second) - whole;
}

/** The local time (wall clock as if UTC) of calendar fields; month 1–12, years below 100 kept as is. */
export function localMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

export function toLocal(instant: number, zone: TimeZone): number {
  return instant + zone.offsetAt(instant);
}

/**
 * The instant of a local time. Offsets are sampled a day either side, so two transitions
 * less than a day apart may be resolved approximately (no zone in use does that).
 */
export function fromLocal(local: number, zone: TimeZone, prefer: "earlier" | "later" = "later"): number {
  const before = zone.offsetAt(local - DAY_MS);
  const after = zone.offsetAt(local + DAY_MS);
  const a = local - before;
  const b = local - after;
  const aValid = a + zone.offsetAt(a) === local;
  const bValid = b + zone.offsetAt(b) === local;
  if (aValid && bValid) return prefer === "later" ? Math.max(a, b) : Math.min(a, b);
  if (aValid) return a;
  if (bValid) return b;
  return a; // in the gap: the offset before the transition
}

/** Calendar months added to a local time, the day clamped to the target month's length. */
export function addMonthsLocal(local: number, months: number): number {
  const date = new Date(local);
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const timeOfDay = local - Math.floor(local / DAY_MS) * DAY_MS;
  return localMs(year, month, day) + timeOfDay;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(localMs(year, month + 1, 1) - DAY_MS).getUTCDate();
}

/** First instant of a calendar day (days since 1970-01-01): the earlier one if midnight repeats. */
export function startOfDayNumber(day: number, zone: TimeZone): number {
  return fromLocal(day * DAY_MS, zone, "earlier");
}

/** The calendar day (days since 1970-01-01) of an instant in the zone. */
export function dayOf(instant: number, zone: TimeZone): number {
  return Math.floor(toLocal(instant, zone) / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDay(day: number): string {
  const date = new Date(day * DAY_MS);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}
