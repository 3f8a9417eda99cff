import { describe, expect, it } from "vitest";
import { readEventFile } from "./event-file.js";

const update = (id: number) =>
  JSON.stringify({
    type: "issue_updated",
    issueId: String(id),
    changes: [{ field: "status", from: "1", to: "3" }],
  });

describe("readEventFile", () => {
  it("reads NDJSON, skipping blank lines, and keeps each event's line", () => {
    const result = readEventFile(`${update(1)}\n\n${update(2)}\r\n{"type":"catalog_changed"}\n`);
    expect(result).toEqual({
      ok: true,
      events: [
        { line: 1, event: expect.objectContaining({ issueId: "1" }) },
        { line: 3, event: expect.objectContaining({ issueId: "2" }) },
        { line: 4, event: { type: "catalog_changed" } },
      ],
    });
  });

  it("reads a JSON array and the POST body shape, with the line each element starts on", () => {
    const array = `[\n  ${update(1)},\n  {\n    "type": "sprint_started",\n    "id": 7\n  }\n]\n`;
    expect(readEventFile(array)).toMatchObject({ ok: true, events: [{ line: 2 }, { line: 3 }] });
    const body = `{"events": [\n${update(5)},\n${update(6)}]}`;
    expect(readEventFile(body)).toMatchObject({ ok: true, events: [{ line: 2 }, { line: 3 }] });
    const tricky = `[{"type":"project_changed","id":"a ] , [ \\" {"}]`;
    expect(readEventFile(tricky)).toMatchObject({ ok: true, events: [{ event: { id: 'a ] , [ " {' } }] });
  });

  it("names the line of every invalid event, by the HTTP route's schema", () => {
    const text = [
      update(1),
      '{"type": "issue_updated", "issueId": "x1"}',
      update(3),
      '{"type": "issue_moved", "issueId": "4"}',
      '{"type": "issue_updated", "issueId": "5"',
      '{"type": "issue_updated", "issueId": "6"}',
    ].join("\n");
    const result = readEventFile(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.line)).toEqual([2, 4, 5, 6]);
    expect(result.problems[0]!.message).toMatch(/^issueId: /);
    expect(result.problems[1]!.message).toContain("issue_created, issue_updated, issue_deleted");
    expect(result.problems[2]!.message).toMatch(/^not valid JSON/);
    expect(result.problems[3]!.message).toContain("must say what the issue was before the change");
  });

  it("reports structural problems of an array where they are", () => {
    const unclosed = readEventFile(`\n[${update(1)},\n${update(2)}\n`);
    expect(unclosed).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: expect.stringContaining("never closed") }],
    });
    const stray = readEventFile(`[${update(1)},\n,${update(2)}]`);
    expect(stray).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: expect.stringContaining("stray comma") }],
    });
    const trailing = readEventFile(`[${update(1)}]\n\n{"more": true}`);
    expect(trailing).toMatchObject({
      ok: false,
      problems: [{ line: 3, message: expect.stringContaining("after the events array") }],
    });
  });

  it("refuses an empty file and caps the problems listed", () => {
    expect(readEventFile(" \n")).toMatchObject({
      ok: false,
      problems: [{ message: "the file holds no events" }],
    });
    expect(readEventFile("[]")).toMatchObject({
      ok: false,
      problems: [{ message: "the file holds no events" }],
    });
    const many = Array.from({ length: 50 }, () => "{}").join("\n");
    const result = readEventFile(many, 5);
    expect(result.ok === false && result.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5]);
  });
});
