import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe("createLogger", () => {
  it("writes JSON lines with level label, ISO time, service and the message", () => {
    const { lines, destination } = capture();
    createLogger({ level: "info", destination }).info({ tenant: "acme" }, "hello");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", service: "subq", tenant: "acme", msg: "hello" });
    expect(String(lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("honours the level", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "warn", destination });
    logger.info("dropped");
    logger.warn("kept");
    expect(lines.map((l) => l.msg)).toEqual(["kept"]);
  });

  it("logs errors with their stack and redacts tokens and authorization headers", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", destination });
    logger.error({
      err: new Error("boom"),
      headers: { authorization: "Bearer s3cret" },
      auth: { tokens: { a: "t" } },
    });
    const line = lines[0] as { err: { stack: string; message: string }; headers: unknown; auth: unknown };
    expect(line.err.message).toBe("boom");
    expect(line.err.stack).toContain("logger.test.ts");
    expect(line.headers).toEqual({ authorization: "[redacted]" });
    expect(line.auth).toEqual({ tokens: "[redacted]" });
    expect(JSON.stringify(lines)).not.toContain("s3cret");
  });
});
