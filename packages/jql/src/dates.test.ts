import { describe, expect, it } from "vitest";
import {
  applyOffset,
  calendarDate,
  dateComparison,
  dateValue,
  durationSeconds,
  endOf,
  isPeriodIncrement,
  isRelativeOffset,
  parseDateLiteral,
  startOf,
  startOfDate,
} from "./dates.js";
import { timeZone } from "./time-zone.js";

const iso = (text: string) => Date.parse(text);
const at = (instant: number) => new Date(instant).toISOString();
const BERLIN = timeZone("Europe/Berlin");
const NEW_YORK = timeZone("America/New_York");
const SYDNEY = timeZone("Australia/Sydney");

describe("isRelativeOffset", () => {
  it.each(["-5d", "-4w 2d", "1h", "+3m", "0", "-0", " -1y  2M ", "10w", "+1y"])("accepts %j", (text) => {
    expect(isRelativeOffset(text)).toBe(true);
  });
  it.each([
    "5",
    "-5",
    "1D",
    "1x",
    "",
    "-",
    "4w2d",
    "- 5d",
    "1.5h",
    "2020-01-01",
    "-4w -2d",
    "1 d",
    "1234567890d",
  ])("rejects %j", (text) => {
    expect(isRelativeOffset(text)).toBe(false);
  });
});

describe("applyOffset", () => {
  const now = iso("2024-01-31T12:00:00Z");
  it.each([
    ["-5d", "2024-01-26T12:00:00.000Z"],
    ["-4w 2d", "2024-01-01T12:00:00.000Z"],
    ["1h", "2024-01-31T13:00:00.000Z"],
    ["+3m", "2024-01-31T12:03:00.000Z"],
    ["0", "2024-01-31T12:00:00.000Z"],
    ["+1M", "2024-02-29T12:00:00.000Z"],
    ["-1M", "2023-12-31T12:00:00.000Z"],
    ["-1y 1M", "2022-12-31T12:00:00.000Z"],
    ["1M 1d", "2024-03-01T12:00:00.000Z"],
  ])("UTC: %j", (text, expected) => {
    expect(at(applyOffset(now, text, "UTC"))).toBe(expected);
  });

  it("exact days cross a DST change by 24 h, calendar months keep the wall time", () => {
    const sunday = iso("2024-03-31T10:00:00Z"); // 12:00 CEST, the day clocks went forward
    expect(at(applyOffset(sunday, "-1d", BERLIN))).toBe("2024-03-30T10:00:00.000Z"); // 11:00 CET
    expect(at(applyOffset(sunday, "-1M", BERLIN))).toBe("2024-02-29T11:00:00.000Z"); // 12:00 CET
    expect(at(applyOffset(sunday, "-1w", BERLIN))).toBe("2024-03-24T10:00:00.000Z");
  });

  it("throws on text that is not an offset", () => {
    expect(() => applyOffset(0, "2020-01-01", "UTC")).toThrow(RangeError);
    expect(() => applyOffset(0, "999999999y 999999999y", "UTC")).toThrow(/out of range/);
  });
});

describe("parseDateLiteral", () => {
  it.each([
    ["2020-01-01", "UTC", "2020-01-01T00:00:00.000Z"],
    ["2020/01/01", "UTC", "2020-01-01T00:00:00.000Z"],
    [" 2020/1/5 9:05 ", "UTC", "2020-01-05T09:05:00.000Z"],
    ["2020-01-01 10:30", "Europe/Berlin", "2020-01-01T09:30:00.000Z"],
    ["2020-07-01", "Europe/Berlin", "2020-06-30T22:00:00.000Z"],
    ["2020-07-01", "America/New_York", "2020-07-01T04:00:00.000Z"],
    ["2020-07-01", "Australia/Sydney", "2020-06-30T14:00:00.000Z"],
    ["2024-02-29", "UTC", "2024-02-29T00:00:00.000Z"],
    ["0099-03-01", "UTC", "0099-03-01T00:00:00.000Z"],
  ])("%j in %s", (text, zone, expected) => {
    expect(at(parseDateLiteral(text, zone)!)).toBe(expected);
  });

  it.each([
    "2020-02-30",
    "2023-02-29",
    "2020-13-01",
    "2020-00-10",
    "20-01-01",
    "2020-01/01",
    "2020-01-01T10:00",
    "2020-01-01 24:00",
    "2020-01-01 10:60",
    "2020-01-01  10:00",
    "0000-01-01",
    "-5d",
    "",
  ])("rejects %j", (text) => {
    expect(parseDateLiteral(text, "UTC")).toBeUndefined();
  });

  it("reads a wall time in a DST gap with the offset before the gap", () => {
    expect(at(parseDateLiteral("2024-03-10 02:30", NEW_YORK)!)).toBe("2024-03-10T07:30:00.000Z");
    expect(at(parseDateLiteral("2024-03-31 02:30", BERLIN)!)).toBe("2024-03-31T01:30:00.000Z");
    expect(at(parseDateLiteral("2024-10-06 02:30", SYDNEY)!)).toBe("2024-10-05T16:30:00.000Z");
  });

  it("reads an ambiguous wall time as the later instant", () => {
    expect(at(parseDateLiteral("2024-11-03 01:30", NEW_YORK)!)).toBe("2024-11-03T06:30:00.000Z");
    expect(at(parseDateLiteral("2024-10-27 02:30", BERLIN)!)).toBe("2024-10-27T01:30:00.000Z");
    expect(at(parseDateLiteral("2024-04-07 02:30", SYDNEY)!)).toBe("2024-04-06T16:30:00.000Z");
  });

  it("takes the first instant of a day whose midnight is skipped or repeated", () => {
    // Santiago springs forward at 00:00 → 01:00; Havana falls back at 01:00 → 00:00.
    expect(at(parseDateLiteral("2024-09-08", "America/Santiago")!)).toBe("2024-09-08T04:00:00.000Z");
    expect(at(parseDateLiteral("2024-11-03", "America/Havana")!)).toBe("2024-11-03T04:00:00.000Z");
  });
});

describe("dateValue", () => {
  const now = iso("2024-05-15T10:00:00Z");
  it("tries a relative offset first, then an absolute date", () => {
    expect(dateValue("-1d", now, "UTC")).toBe(now - 86_400_000);
    expect(dateValue("2024-05-01", now, "UTC")).toBe(iso("2024-05-01T00:00:00Z"));
    expect(dateValue("yesterday", now, "UTC")).toBeUndefined();
    expect(dateValue("999999999y 999999999y", now, "UTC")).toBeUndefined();
  });
});

describe("startOf / endOf", () => {
  const wednesday = iso("2024-05-15T10:00:00Z");
  it.each([
    ["day", undefined, 1, "2024-05-15T00:00:00.000Z", "2024-05-15T23:59:59.999Z"],
    ["week", undefined, 1, "2024-05-13T00:00:00.000Z", "2024-05-19T23:59:59.999Z"],
    ["week", undefined, 0, "2024-05-12T00:00:00.000Z", "2024-05-18T23:59:59.999Z"],
    ["month", undefined, 1, "2024-05-01T00:00:00.000Z", "2024-05-31T23:59:59.999Z"],
    ["year", undefined, 1, "2024-01-01T00:00:00.000Z", "2024-12-31T23:59:59.999Z"],
    ["day", "-1", 1, "2024-05-14T00:00:00.000Z", "2024-05-14T23:59:59.999Z"],
    ["day", "+1d", 1, "2024-05-16T00:00:00.000Z", "2024-05-16T23:59:59.999Z"],
    ["day", "9h", 1, "2024-05-15T09:00:00.000Z", "2024-05-16T08:59:59.999Z"],
    ["day", "-30m", 1, "2024-05-14T23:30:00.000Z", "2024-05-15T23:29:59.999Z"],
    ["week", "-1", 1, "2024-05-06T00:00:00.000Z", "2024-05-12T23:59:59.999Z"],
    ["week", "+2d", 1, "2024-05-15T00:00:00.000Z", "2024-05-21T23:59:59.999Z"],
    ["month", "+14d", 1, "2024-05-15T00:00:00.000Z", "2024-06-14T23:59:59.999Z"],
    ["month", "-1", 1, "2024-04-01T00:00:00.000Z", "2024-04-30T23:59:59.999Z"],
    ["month", "-1d", 1, "2024-04-30T00:00:00.000Z", "2024-05-30T23:59:59.999Z"],
    ["month", "1w", 1, "2024-05-08T00:00:00.000Z", "2024-06-07T23:59:59.999Z"],
    ["year", "-1", 1, "2023-01-01T00:00:00.000Z", "2023-12-31T23:59:59.999Z"],
    ["year", "3M", 1, "2024-04-01T00:00:00.000Z", "2025-03-31T23:59:59.999Z"],
    ["year", "-1M", 1, "2023-12-01T00:00:00.000Z", "2024-11-30T23:59:59.999Z"],
  ] as const)("%s(%j) weekStart %i", (period, inc, weekStart, start, end) => {
    expect(at(startOf(period, wednesday, "UTC", weekStart, inc))).toBe(start);
    expect(at(endOf(period, wednesday, "UTC", weekStart, inc))).toBe(end);
  });

  it('moves the anchor by a coarser unit first (Jira\'s startOfWeek("+1M") vectors)', () => {
    const cases: [string, 0 | 1, string, string][] = [
      ["2014-12-15", 1, "+1M", "2015-01-12"],
      ["2014-12-19", 1, "+1M", "2015-01-19"],
      ["2014-12-16", 1, "-1M", "2014-11-10"],
      ["2014-12-17", 1, "-1M", "2014-11-17"],
      ["2014-12-17", 0, "+1M", "2015-01-11"],
      ["2014-12-18", 0, "+1M", "2015-01-18"],
      ["2014-12-15", 0, "-1M", "2014-11-09"],
    ];
    for (const [today, weekStart, inc, expected] of cases) {
      const now = iso(`${today}T12:00:00Z`);
      expect(at(startOf("week", now, "UTC", weekStart, inc))).toBe(`${expected}T00:00:00.000Z`);
    }
  });

  it("ends a month of any length", () => {
    const jan31 = iso("2024-01-31T12:00:00Z");
    expect(at(endOf("month", jan31, "UTC", 1, "1"))).toBe("2024-02-29T23:59:59.999Z");
    expect(at(endOf("month", iso("2024-02-29T12:00:00Z"), "UTC", 1, "1"))).toBe("2024-03-31T23:59:59.999Z");
    expect(at(startOf("month", jan31, "UTC", 1, "1"))).toBe("2024-02-01T00:00:00.000Z");
  });

  it("follows the zone's days across DST", () => {
    const spring = iso("2024-03-31T12:00:00Z");
    expect(at(startOf("day", spring, BERLIN))).toBe("2024-03-30T23:00:00.000Z");
    expect(at(endOf("day", spring, BERLIN))).toBe("2024-03-31T21:59:59.999Z");
    const fall = iso("2024-11-03T12:00:00Z");
    expect(at(startOf("day", fall, NEW_YORK))).toBe("2024-11-03T04:00:00.000Z");
    expect(at(endOf("day", fall, NEW_YORK))).toBe("2024-11-04T04:59:59.999Z");
    expect(at(startOf("week", fall, NEW_YORK, 0))).toBe("2024-11-03T04:00:00.000Z");
    expect(at(startOf("week", fall, NEW_YORK, 1))).toBe("2024-10-28T04:00:00.000Z");
    // 2024-04-07 in Sydney lasts 25 hours.
    const sydneyFall = iso("2024-04-07T05:00:00Z");
    expect(at(startOf("day", sydneyFall, SYDNEY))).toBe("2024-04-06T13:00:00.000Z");
    expect(at(endOf("day", sydneyFall, SYDNEY))).toBe("2024-04-07T13:59:59.999Z");
    expect(at(startOf("month", sydneyFall, SYDNEY))).toBe("2024-03-31T13:00:00.000Z");
    expect(at(startOf("year", sydneyFall, SYDNEY))).toBe("2023-12-31T13:00:00.000Z");
  });

  it("validates increments", () => {
    expect(isPeriodIncrement("-1")).toBe(true);
    expect(isPeriodIncrement("+1d")).toBe(true);
    expect(isPeriodIncrement("3M")).toBe(true);
    expect(isPeriodIncrement("-1w 2d")).toBe(false);
    expect(isPeriodIncrement("1x")).toBe(false);
    expect(() => startOf("day", 0, "UTC", 1, "tomorrow")).toThrow(RangeError);
  });
});

describe("calendar dates", () => {
  it("converts between instants and dates in the zone", () => {
    expect(calendarDate(iso("2024-05-15T23:30:00Z"), BERLIN)).toBe("2024-05-16");
    expect(calendarDate(iso("2024-05-15T23:30:00Z"), "UTC")).toBe("2024-05-15");
    expect(at(startOfDate("2024-03-31", BERLIN))).toBe("2024-03-30T23:00:00.000Z");
  });

  it("rewrites date-versus-instant comparisons as date comparisons", () => {
    const midnight = iso("2024-05-15T22:00:00Z"); // 2024-05-16 00:00 CEST
    expect(dateComparison("<", midnight, BERLIN)).toEqual({ op: "<", date: "2024-05-16" });
    expect(dateComparison("=", midnight, BERLIN)).toEqual({ op: "=", date: "2024-05-16" });
    const later = midnight + 60_000;
    expect(dateComparison("=", later, BERLIN)).toBe(false);
    expect(dateComparison("!=", later, BERLIN)).toBe(true);
    expect(dateComparison("<", later, BERLIN)).toEqual({ op: "<=", date: "2024-05-16" });
    expect(dateComparison(">=", later, BERLIN)).toEqual({ op: ">", date: "2024-05-16" });
  });
});

describe("durationSeconds", () => {
  it.each([
    ["1w", 144_000],
    ["1d", 28_800],
    ["2h 30m", 9_000],
    ["90", 5_400],
    ["1.5h", 5_400],
    ["0.1h", 360],
    [".5d", 14_400],
    ["2H", 7_200],
    ["1w 1d 1h 1m", 176_460],
  ])("%j = %i s", (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });
  it.each(["", "0.01h", "1x", "-1h", "1.5", "h", "1 h"])("rejects %j", (text) => {
    expect(durationSeconds(text)).toBeUndefined();
  });
});
