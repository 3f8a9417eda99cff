import { describe, expect, it } from "vitest";
import { createParams } from "./params.js";
import { dateText, instantText, issueIdValue, nextDate } from "./sql-values.js";

describe("parameter values", () => {
  it("instants as ISO text within Postgres' four-digit years, infinities beyond", () => {
    expect(instantText(Date.UTC(2024, 5, 15, 12))).toBe("2024-06-15T12:00:00.000Z");
    expect(instantText(Date.parse("0001-01-01T00:00:00Z") - 1)).toBe("-infinity");
    expect(instantText(Date.parse("0001-01-01T00:00:00Z"))).toBe("0001-01-01T00:00:00.000Z");
    expect(instantText(8.64e15)).toBe("infinity");
    expect(instantText(Date.UTC(9999, 11, 31, 23, 59))).toBe("9999-12-31T23:59:00.000Z");
  });

  it("calendar dates, and the next day across months, years and leap days", () => {
    expect(dateText("2024-02-29")).toBe("2024-02-29");
    expect(dateText("10000-01-01")).toBe("infinity");
    expect(dateText("-000001-12-31")).toBe("-infinity");
    expect(nextDate("2024-02-28")).toBe("2024-02-29");
    expect(nextDate("2023-02-28")).toBe("2023-03-01");
    expect(nextDate("2024-12-31")).toBe("2025-01-01");
    expect(nextDate("0099-12-31")).toBe("0100-01-01");
  });

  it("issue ids only as safe non-negative integers", () => {
    expect(issueIdValue(42)).toBe(42);
    expect(issueIdValue(-1)).toBeUndefined();
    expect(issueIdValue(2 ** 60)).toBeUndefined();
  });

  it("numbers parameters in order, lists as one array, never a value in the text", () => {
    const params = createParams();
    expect(params.one("'; --", "text")).toBe("$1::text");
    expect(params.list([1, 2, 3], "int")).toBe("$2::int[]");
    expect(params.one(null, "date")).toBe("$3::date");
    expect(params.values).toEqual(["'; --", [1, 2, 3], null]);
    expect(() => params.list([1, null], "int")).toThrow(TypeError);
    expect(() => params.one(undefined, "int")).toThrow(TypeError);
    expect(() => params.one(1, "int; DROP" as never)).toThrow(TypeError);
  });
});
