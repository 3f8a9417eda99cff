/**
 * Parts of a synthetic issue drawn independently of its workflow: comments (some
 * restricted to a role or a group), custom field values (each field on its share of
 * issues), and time tracking.
 */
import type { Comment, CustomField, CustomFieldValue, UserId } from "@subq/jql";
import { CUSTOM_FIELD_SHARE, GROUP, ROLE } from "./config.js";
import { type Prng, Zipf } from "./prng.js";
import type { TextGenerator } from "./text.js";

const DAY = 86_400_000;

export interface CommentContext {
  readonly issueId: number;
  readonly created: number;
  /** Comments fall between `created` and this instant. */
  readonly until: number;
  readonly team: readonly UserId[];
  readonly assignee: UserId | null;
  readonly reporter: UserId | null;
  /** Id of the first comment; the next ones follow. */
  readonly firstId: number;
}

/** 0 (9% of issues) or a geometric count with mean ~3.6, in time order; 5% role-, 3% group-restricted. */
export function generateComments(rng: Prng, text: TextGenerator, ctx: CommentContext): Comment[] {
  const count = rng.chance(0.09) ? 0 : Math.min(60, 1 + rng.geometric(2.9));
  const span = Math.max(3_600_000, ctx.until - ctx.created);
  const times = Array.from(
    { length: count },
    () => ctx.created + 1000 + Math.floor((rng.next() * span) / 1000) * 1000,
  );
  return times
    .sort((a, b) => a - b)
    .map((at, i): Comment => {
      const u = rng.next();
      const author =
        u < 0.3 && ctx.reporter ? ctx.reporter : u < 0.6 && ctx.assignee ? ctx.assignee : rng.pick(ctx.team);
      const v = rng.next();
      const visibility: Comment["visibility"] =
        v < 0.05
          ? { type: "role", roleId: rng.chance(0.7) ? ROLE.developers : ROLE.administrators }
          : v < 0.08
            ? { type: "group", group: rng.chance(0.7) ? GROUP.developers : GROUP.administrators }
            : null;
      return {
        id: ctx.firstId + i,
        issueId: ctx.issueId,
        author,
        body: text.comment(rng),
        created: at,
        visibility,
      };
    });
}

export function generateCustomFieldValues(
  rng: Prng,
  text: TextGenerator,
  fields: readonly CustomField[],
  created: number,
  qa: readonly UserId[],
): Record<number, CustomFieldValue> {
  const values: Record<number, CustomFieldValue> = {};
  for (const field of fields) {
    if (!rng.chance(CUSTOM_FIELD_SHARE.get(field.id) ?? 0)) continue;
    const optionIds = field.options.map((o) => o.id);
    switch (field.type) {
      case "number":
        values[field.id] = rng.pick([0.5, 1, 2, 3, 5, 8, 13, 21]);
        break;
      case "select":
        values[field.id] = optionIds[new Zipf(optionIds.length, 1).sample(rng)]!;
        break;
      case "multiselect":
        values[field.id] = distinctSorted(rng, rng.between(1, 3), () => rng.pick(optionIds));
        break;
      case "date":
        values[field.id] = isoDate(created + rng.between(7, 120) * DAY);
        break;
      case "datetime":
        values[field.id] = created + rng.between(60, 30 * 86_400) * 1000;
        break;
      case "user":
        values[field.id] = rng.pick(qa);
        break;
      case "text":
        values[field.id] = text.comment(rng);
        break;
      case "labels":
        values[field.id] = distinctSorted(rng, rng.between(1, 2), () => text.label(rng));
        break;
    }
  }
  return values;
}

/** Estimates on 30% of issues (whole hours); time spent, in quarter hours, once work started. */
export function generateEstimates(rng: Prng, started: boolean) {
  if (!rng.chance(0.3)) return { originalEstimate: null, remainingEstimate: null, timeSpent: null };
  const original = rng.between(1, 40) * 3600;
  const spent =
    started && rng.chance(0.8) ? Math.round((original * (0.3 + rng.next() * 1.2)) / 900) * 900 : null;
  return {
    originalEstimate: original,
    remainingEstimate: Math.max(0, original - (spent ?? 0)),
    timeSpent: spent,
  };
}

/** Up to `count` distinct draws plus the non-null `always` values, sorted. */
export function distinctSorted<T extends number | string>(
  rng: Prng,
  count: number,
  draw: () => T,
  always: readonly (T | null)[] = [],
): T[] {
  const values = new Set<T>(always.filter((v): v is T => v !== null));
  for (const v of rng.distinct(count, draw)) values.add(v);
  const sorted = [...values];
  return typeof sorted[0] === "number" ? sorted.sort((a, b) => (a as number) - (b as number)) : sorted.sort();
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
