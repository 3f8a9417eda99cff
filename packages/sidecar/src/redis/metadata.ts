/**
 * The event-matching metadata of a subscription (the value sets its Stage 1 requires of
 * `project`, `issuetype`, `status`, `sprint`, ...) in the readable form stored in the meta
 * hash: `project=10000,10001;status=3`. Fields and values are sorted, values URI-encoded
 * (ids stay as they are; `Waiting for support` becomes `Waiting%20for%20support`).
 * An unconstrained subscription has the empty text.
 */
import { invalidArgument } from "./errors.js";
import { describe } from "./values.js";

/** Field → the values Stage 1 allows (a conjunction of IN-sets). */
export type SubscriptionMetadata = Readonly<Record<string, readonly (string | number)[]>>;

/** Field → values, as decoded (always strings). */
export type DecodedMetadata = Readonly<Record<string, readonly string[]>>;

const FIELD = /^[a-z][a-z0-9_]{0,63}$/;

export function encodeMetadata(metadata: SubscriptionMetadata): string {
  return Object.keys(metadata)
    .sort()
    .map((field) => {
      if (!FIELD.test(field)) {
        throw invalidArgument(
          "metadata",
          `field names look like "project" ([a-z][a-z0-9_]*), got ${describe(field)}`,
        );
      }
      const values = metadataValues(metadata, field);
      return `${field}=${values.map(encodeURIComponent).join(",")}`;
    })
    .join(";");
}

export function decodeMetadata(text: string): DecodedMetadata {
  const out: Record<string, readonly string[]> = {};
  if (text === "") return out;
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    const field = part.slice(0, eq);
    if (eq < 1 || !FIELD.test(field) || part.length === eq + 1) {
      throw invalidArgument(
        "metadata",
        `expected "field=value,value;field=value", got ${describe(text)} at ${describe(part)}`,
      );
    }
    out[field] = part
      .slice(eq + 1)
      .split(",")
      .map((value) => decodeURIComponent(value));
  }
  return out;
}

/** The sorted, de-duplicated values of one field, as strings. Throws on an empty set. */
export function metadataValues(metadata: SubscriptionMetadata, field: string): string[] {
  const raw = metadata[field] ?? [];
  const values = [...new Set(raw.map(String))].sort(compareValues);
  if (values.length === 0 || values.some((value) => value.length === 0)) {
    throw invalidArgument(
      "metadata",
      `field ${field} needs at least one non-empty value (leave the field out when unconstrained), got ${describe(JSON.stringify(raw))}`,
    );
  }
  return values;
}

/** Numbers in numeric order, then text in code-unit order (deterministic, locale-free). */
function compareValues(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn && a.length !== b.length) return a.length - b.length;
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
