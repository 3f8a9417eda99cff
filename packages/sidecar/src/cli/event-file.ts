/**
 * Reading a file of events for `subq events replay`: a JSON array, the body of
 * `POST /v1/tenants/:tenant/events` (`{"events": [...]}`), or NDJSON (one event per line).
 * Every event keeps the line it starts on, so problems name the line to fix; each is
 * validated with the events schema the HTTP route uses (events/schema.ts).
 */
import { isSubqError } from "../errors.js";
import { parseEvents } from "../events/index.js";

export interface FileEvent {
  /** 1-based line the event starts on. */
  readonly line: number;
  readonly event: unknown;
}

export interface EventFileProblem {
  readonly line: number;
  readonly message: string;
}

/** The file's events, or every problem found (at most `maxProblems`), each with its line. */
export type EventFileResult =
  | { readonly ok: true; readonly events: readonly FileEvent[] }
  | { readonly ok: false; readonly problems: readonly EventFileProblem[] };

export function readEventFile(text: string, maxProblems = 20): EventFileResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = lineStarts(source);
  const lineOf = (offset: number) => lineAt(lines, offset);
  const problems: EventFileProblem[] = [];
  const events: FileEvent[] = [];
  const add = (line: number, raw: string) => {
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    const problem = validate(event);
    if (problem !== undefined) problems.push({ line, message: problem });
    else events.push({ line, event });
  };

  const body = /^\s*\{\s*"events"\s*:\s*\[/.exec(source);
  const first = /\S/.exec(source);
  if (first === null) return { ok: false, problems: [{ line: 1, message: "the file holds no events" }] };
  if (source[first.index] === "[" || body !== null) {
    const open = body === null ? first.index : body[0].length - 1;
    const scanned = scanArray(source, open);
    for (const element of scanned.elements) {
      if (element.text === "") {
        problems.push({ line: lineOf(element.start), message: "an empty array element (a stray comma?)" });
      } else add(lineOf(element.start), element.text);
    }
    if (scanned.error !== undefined)
      problems.push({ line: lineOf(scanned.error.at), message: scanned.error.message });
    else {
      const rest = source.slice(scanned.end);
      const expected = body === null ? /^\s*$/ : /^\s*\}\s*$/;
      if (!expected.test(rest)) {
        const at = scanned.end + (/\S/.exec(rest)?.index ?? 0);
        problems.push({
          line: lineOf(at),
          message: `unexpected text after the events array${body === null ? "" : ' (expected the "}" closing the body)'}`,
        });
      }
    }
  } else {
    source.split("\n").forEach((raw, index) => {
      if (raw.trim() !== "") add(index + 1, raw);
    });
  }
  if (problems.length > 0) {
    return { ok: false, problems: problems.sort((a, b) => a.line - b.line).slice(0, maxProblems) };
  }
  if (events.length === 0) return { ok: false, problems: [{ line: 1, message: "the file holds no events" }] };
  return { ok: true, events };
}

/** Validates one event with the HTTP route's schema; the problem's text, or undefined. */
function validate(event: unknown): string | undefined {
  try {
    parseEvents([event]);
    return undefined;
  } catch (error) {
    if (!isSubqError(error)) throw error;
    const where = (error.where ?? "").replace(/^events\[0\]/, "");
    return where === "" ? error.message : `${where.replace(/^\./, "")}: ${error.message}`;
  }
}

interface ScannedArray {
  readonly elements: readonly { readonly start: number; readonly text: string }[];
  /** Offset just past the closing bracket. */
  readonly end: number;
  readonly error?: { readonly at: number; readonly message: string };
}

/**
 * Splits the array opened at `open` into its top-level elements without parsing them (each
 * is parsed on its own, so a syntax error names its element's line). Strings and nesting
 * are followed; the elements' own syntax is JSON.parse's business.
 */
function scanArray(text: string, open: number): ScannedArray {
  const elements: { start: number; text: string }[] = [];
  let i = open + 1;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipSpace();
  if (text[i] === "]") return { elements, end: i + 1 };
  for (;;) {
    skipSpace();
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
    }
    if (i >= text.length) {
      elements.push({ start, text: text.slice(start).trim() });
      return {
        elements,
        end: i,
        error: { at: open, message: "the array opened here is never closed (a missing ])" },
      };
    }
    elements.push({ start, text: text.slice(start, i).trim() });
    if (text[i] === "}") {
      return { elements, end: i, error: { at: i, message: "a } closes the array (expected ] or ,)" } };
    }
    if (text[i] === "]") return { elements, end: i + 1 };
    i++; // the comma
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
