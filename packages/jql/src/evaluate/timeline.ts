/**
 * Value timelines of an issue from its change items (docs/jql-semantics.md §7). Every
 * interval is half-open, [start, end), with `end` = Infinity for the last one, and carries
 * the author who started it (the issue's creator for intervals starting at `created`).
 * Intervals of zero (or negative) length, from changes at the same instant, are dropped:
 * a value held for no time was never held.
 *
 * - Single-valued fields: the `from` of the first change from `created` to that change,
 *   then each change's `to` until the next change; no changes: the current value forever.
 * - fixVersion (add/remove items): per version, from the item adding it (or `created`
 *   when it was there from the start: its first item removes it, or it is current and has
 *   no items) to the item removing it (or forever); adding a present version or removing
 *   an absent one changes nothing. EMPTY intervals are the periods with no version at all,
 *   started by the item that removed the last one (or `created`). An item with both sides
 *   removes `from`, then adds `to`.
 */
import type { ChangeItem, IssueSnapshot, UserId } from "../model.js";

export interface Interval {
  /** Value as text (an id or user id); null = EMPTY. */
  readonly value: string | null;
  readonly start: number;
  readonly end: number;
  readonly author: UserId | null;
}

export function singleTimeline(
  issue: IssueSnapshot,
  items: readonly ChangeItem[],
  current: string | null,
): Interval[] {
  if (items.length === 0)
    return [{ value: current, start: issue.created, end: Infinity, author: issue.creator }];
  const intervals: Interval[] = [];
  const add = (interval: Interval) => {
    if (interval.start < interval.end) intervals.push(interval);
  };
  add({ value: items[0]!.from, start: issue.created, end: items[0]!.at, author: issue.creator });
  items.forEach((item, i) => {
    add({ value: item.to, start: item.at, end: items[i + 1]?.at ?? Infinity, author: item.author });
  });
  return intervals;
}

interface Opening {
  readonly start: number;
  readonly author: UserId | null;
}

export function setTimeline(
  issue: IssueSnapshot,
  items: readonly ChangeItem[],
  current: readonly string[],
): Interval[] {
  const first = new Map<string, "add" | "remove">();
  for (const item of items) {
    if (item.from !== null && !first.has(item.from)) first.set(item.from, "remove");
    if (item.to !== null && !first.has(item.to)) first.set(item.to, "add");
  }
  const start: Opening = { start: issue.created, author: issue.creator };
  const open = new Map<string, Opening>();
  for (const [value, kind] of first) if (kind === "remove") open.set(value, start);
  for (const value of current) if (!first.has(value)) open.set(value, start);
  const intervals: Interval[] = [];
  const close = (value: string | null, opening: Opening, end: number) => {
    if (opening.start < end) intervals.push({ value, start: opening.start, end, author: opening.author });
  };
  let emptySince: Opening | null = open.size === 0 ? start : null;
  for (const item of items) {
    const opening = item.from === null ? undefined : open.get(item.from);
    if (opening) {
      close(item.from, opening, item.at);
      open.delete(item.from!);
    }
    if (item.to !== null && !open.has(item.to)) open.set(item.to, { start: item.at, author: item.author });
    if (open.size === 0 && emptySince === null) emptySince = { start: item.at, author: item.author };
    else if (open.size > 0 && emptySince !== null) {
      close(null, emptySince, item.at);
      emptySince = null;
    }
  }
  for (const [value, opening] of open) close(value, opening, Infinity);
  if (emptySince) close(null, emptySince, Infinity);
  return intervals;
}
