/** Argument parsers shared by the subq commands (commander calls them with the raw text). */
import { InvalidArgumentError } from "commander";

/** A parser of whole numbers of at least `min`; `name` (e.g. "--issues") leads the message. */
export function wholeNumberAtLeast(min: number, name?: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) {
      const what = `a whole number${min > 0 ? ` of at least ${min}` : ""}`;
      throw new InvalidArgumentError(name === undefined ? `expected ${what}` : `${name} must be ${what}`);
    }
    return n;
  };
}
