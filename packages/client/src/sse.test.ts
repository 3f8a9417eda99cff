import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SseEvent, SseParser } from "./sse.js";

function parse(...chunks: (string | Uint8Array)[]): { events: SseEvent[]; parser: SseParser } {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.push(chunk));
  return { events, parser };
}

describe("SseParser", () => {
  it("dispatches on a blank line, with type, data and the last id", () => {
    const { events } = parse('event: version\ndata: {"version":1,"stale":false}\nid: 7\n\n');
    expect(events).toEqual([{ type: "version", data: '{"version":1,"stale":false}', lastEventId: "7" }]);
  });

  it("joins multi-line data with newlines and defaults the type to message", () => {
    const { events } = parse("data: first\ndata:second\ndata\ndata:  indented\n\n");
    expect(events).toEqual([{ type: "message", data: "first\nsecond\n\n indented", lastEventId: "" }]);
  });

  it("ignores comments (heartbeats), unknown fields, and blocks without data", () => {
    const { events } = parse(
      ": heartbeat\n\n:\n\nevent: version\nfoo: bar\n\nevent: version\n: in between\ndata: x\n\n",
    );
    expect(events).toEqual([{ type: "version", data: "x", lastEventId: "" }]);
  });

  it("accepts CRLF, CR and LF line ends, also mixed", () => {
    const { events } = parse("data: a\r\n\r\ndata: b\r\rdata: c\n\ndata: d\r\n\n");
    expect(events.map((e) => e.data)).toEqual(["a", "b", "c", "d"]);
  });

  it("keeps the id across events, ignores ids with NUL, and an empty id resets it", () => {
    const { events } = parse("id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n");
    expect(events.map((e) => e.lastEventId)).toEqual(["1", "1", "1", ""]);
  });

  it("reads retry only when it is all digits", () => {
    expect(parse("retry: 2500\n\n").parser.retryMs).toBe(2500);
    expect(parse("retry: 2500\nretry: 1.5\nretry: x\n\n").parser.retryMs).toBe(2500);
  });

  it("does not dispatch an event whose blank line has not arrived", () => {
    const { events, parser } = parse("data: a\n");
    expect(events).toEqual([]);
    expect(parser.push("\n")).toEqual([{ type: "message", data: "a", lastEventId: "" }]);
  });

  it("handles a CRLF split across chunks as one line end", () => {
    const { events } = parse("data: a\r", "\n\r", "\ndata: b\r", "\r");
    expect(events.map((e) => e.data)).toEqual(["a", "b"]);
  });

  it("decodes UTF-8 split inside a character, and drops a leading BOM", () => {
    const bytes = new TextEncoder().encode('\uFEFFdata: {"user":"jö€"}\n\n');
    const { events } = parse(...Array.from(bytes, (b) => Uint8Array.of(b)));
    expect(events).toEqual([{ type: "message", data: '{"user":"jö€"}', lastEventId: "" }]);
  });

  it("gives the same events however the byte stream is cut", () => {
    const line = fc.oneof(
      fc.constantFrom("event: version", "event: other", ": ping", "id: 42", "retry: 10", "data", ""),
      fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => `data: ${s.replace(/[\r\n]/g, "")}`),
    );
    const stream = fc
      .tuple(fc.array(line, { maxLength: 20 }), fc.constantFrom("\n", "\r\n", "\r"))
      .map(([lines, eol]) => lines.map((l) => l + eol).join("") + eol);
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const bytes = new TextEncoder().encode(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, bytes.length]
          .slice(1)
          .map((end, i, ends) => bytes.slice(i === 0 ? 0 : ends[i - 1], end));
        expect(parse(...chunks).events).toEqual(parse(text).events);
      }),
    );
  });
});
