import { JqlError } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { CompileError } from "./db/compiler/errors.js";
import { DbError } from "./db/errors.js";
import { RedisUnavailable } from "./engine/failures.js";
import { httpStatusOf, isSubqBaseError, SubqBaseError, SubqError } from "./errors.js";
import { StoreError } from "./redis/errors.js";
import { ReportError } from "./reports/errors.js";

describe("one error base", () => {
  const cause = new Error("underneath");
  it.each([
    ["SubqError", new SubqError("E_OVERLOADED", "busy", { tenant: "acme", cause }), "E_OVERLOADED", 503],
    ["ReportError", new ReportError("E_REPORT_BAD_SCOPE", "bad scope", { cause }), "E_BAD_REQUEST", 400],
    ["StoreError", new StoreError("E_BAD_REPLY", "odd", { tenant: "acme", cause }), "E_BAD_REPLY", 500],
    [
      "DbError",
      new DbError("E_UNKNOWN_TENANT", "no such tenant", { tenant: "acme", cause }),
      "E_UNKNOWN_TENANT",
      404,
    ],
    ["CompileError", new CompileError("E_COMPILE_PAGE", "page", { cause }), "E_COMPILE_PAGE", 400],
    ["RedisUnavailable", new RedisUnavailable("connect ECONNREFUSED", { cause }), "E_REDIS_UNAVAILABLE", 503],
  ] as const)(
    "%s is a SubqBaseError with a typed code, the status from the table and its cause",
    (name, error, code, status) => {
      expect(error).toBeInstanceOf(SubqBaseError);
      expect(error).toBeInstanceOf(Error);
      expect(isSubqBaseError(error)).toBe(true);
      expect(error.name).toBe(name === "ReportError" ? "SubqError" : name);
      expect(error.code).toBe(code);
      expect(error.cause).toBe(cause);
      expect(httpStatusOf(error.code)).toBe(status);
    },
  );

  it("keeps the classes apart: RedisUnavailable is not a SubqError, JqlError (the pure core's) is not a SubqBaseError", () => {
    expect(new RedisUnavailable("down")).not.toBeInstanceOf(SubqError);
    expect(new StoreError("E_BAD_REPLY", "odd")).not.toBeInstanceOf(SubqError);
    const jql = new JqlError({
      code: "E_JQL_SYNTAX",
      message: "x",
      span: { start: 0, end: 1 },
      line: 1,
      column: 1,
    });
    expect(isSubqBaseError(jql)).toBe(false);
    expect(httpStatusOf(jql.code)).toBe(400);
  });

  it("has one code for an unknown tenant, and only codes of the union in the table", () => {
    expect(httpStatusOf("E_UNKNOWN_TENANT")).toBe(404);
    expect(httpStatusOf("E_INTERNAL")).toBe(500);
    // @ts-expect-error the old database-side code is gone
    expect(() => new DbError("E_TENANT_UNKNOWN", "x")).not.toThrow();
    // @ts-expect-error a misspelled code does not compile
    expect(httpStatusOf("E_UNKNOWN_TENNANT")).toBeUndefined();
  });
});
