/**
 * The parameter every built-in tool takes: the activity window, "the last N days" before
 * the run's as-of time. An entity is unused when nothing in scope used it in the window.
 */
import type { ParamDoc } from "../contract/contract.js";
import { badParams } from "../errors.js";

export interface WindowParams {
  /** Days before the run's as-of time that count as recent use. */
  readonly days: number;
}

export const DEFAULT_WINDOW_DAYS = 90;
const MAX_DAYS = 3_650;
const DAY_MS = 86_400_000;

export const WINDOW_PARAM_DOCS: readonly ParamDoc[] = [
  {
    name: "days",
    description: "an entity is unused when no issue in scope used it in this many days before the run",
    default: DEFAULT_WINDOW_DAYS,
  },
];

export function parseWindowParams(raw: Readonly<Record<string, unknown>>): WindowParams {
  for (const name of Object.keys(raw)) {
    if (name !== "days") throw badParams(name, 'unknown parameter; the parameter is "days"');
  }
  const value = raw.days ?? DEFAULT_WINDOW_DAYS;
  const days = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof days !== "number" || !Number.isSafeInteger(days) || days < 1 || days > MAX_DAYS) {
    throw badParams(
      "days",
      `expected a whole number of days from 1 to ${MAX_DAYS}, got ${JSON.stringify(value)}`,
    );
  }
  return { days };
}

/** The first instant (epoch ms) of the window. */
export function windowStartMs(asOfMs: number, params: WindowParams): number {
  return asOfMs - params.days * DAY_MS;
}
