/**
 * Checks of script replies: the shape each script's header promises, or E_BAD_REPLY.
 * Negative integers are domain failures and become typed errors via REPLY_CODES.
 */
import { badReply, type ReplyContext, replyError } from "./errors.js";

/** Throws the typed error when `reply` is a negative integer (a domain failure). */
export function failOnCode(reply: unknown, context: ReplyContext): void {
  if (typeof reply === "number" && reply < 0) throw replyError(reply, context);
}

export function asArray(reply: unknown, length: number, context: ReplyContext): unknown[] {
  failOnCode(reply, context);
  if (!Array.isArray(reply) || reply.length !== length) {
    throw badReply(`expected an array of ${length}, got ${JSON.stringify(reply)?.slice(0, 120)}`, context);
  }
  return reply;
}

export function asInteger(value: unknown, context: ReplyContext): number {
  failOnCode(value, context);
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw badReply(`expected an integer, got ${JSON.stringify(value)}`, context);
  }
  return n;
}

export function asString(value: unknown, context: ReplyContext): string {
  if (typeof value !== "string") throw badReply(`expected a string, got ${JSON.stringify(value)}`, context);
  return value;
}

export function asStringArray(value: unknown, context: ReplyContext): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw badReply(`expected an array of strings, got ${JSON.stringify(value)?.slice(0, 120)}`, context);
  }
  return value as string[];
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], context: ReplyContext): T {
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw badReply(`expected one of ${allowed.join("|")}, got ${JSON.stringify(value)}`, context);
  }
  return value as T;
}
