import { describe, expect, it } from "vitest";
import { isStoreError, REPLY_CODES, replyError, StoreError } from "./errors.js";
import { asArray, asInteger, asStringArray, oneOf } from "./replies.js";

const context = { script: "commitResult", tenant: "acme", subscriptionId: "s1" };

describe("reply codes", () => {
  it("map every negative reply to one stable code with the subscription named", () => {
    expect(Object.values(REPLY_CODES).map((entry) => entry.code)).toEqual([
      "E_SUBSCRIPTION_MISSING",
      "E_LOCK_NOT_OWNED",
      "E_LOCK_HELD",
      "E_LOCK_EXPIRED",
      "E_COMMIT_SUPERSEDED",
      "E_REPORT_JOB_GONE",
      "E_REPORT_NOT_RUNNING",
      "E_REPORT_DEADLINE",
    ]);
    const error = replyError(-6, context);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: "E_COMMIT_SUPERSEDED",
      tenant: "acme",
      subscriptionId: "s1",
      script: "commitResult",
    });
    expect(error.message).toBe(
      "commitResult (acme/s1): a result from a newer refresh is already stored; this result was discarded",
    );
    expect(isStoreError(error, "E_COMMIT_SUPERSEDED")).toBe(true);
    expect(isStoreError(error, "E_LOCK_HELD")).toBe(false);
    expect(isStoreError(new Error("x"))).toBe(false);
  });

  it("treat unknown codes and unexpected shapes as E_BAD_REPLY", () => {
    expect(replyError(-99, context).code).toBe("E_BAD_REPLY");
    expect(() => asArray(-2, 4, context)).toThrow(expect.objectContaining({ code: "E_LOCK_NOT_OWNED" }));
    expect(() => asArray([1, 2], 4, context)).toThrow(
      /commitResult: unexpected reply: expected an array of 4, got \[1,2\]/,
    );
    expect(() => asInteger("x", context)).toThrow(expect.objectContaining({ code: "E_BAD_REPLY" }));
    expect(asInteger("17", context)).toBe(17);
    expect(() => asStringArray([1], context)).toThrow(/array of strings/);
    expect(() => oneOf("gone", ["fresh"], context)).toThrow(/one of fresh, got "gone"/);
  });

  it("keep the cause", () => {
    const cause = new Error("socket closed");
    expect(new StoreError("E_SCRIPT_LOAD", "x", { cause }).cause).toBe(cause);
  });
});
