/**
 * A Server-Sent Events parser after the WHATWG HTML "event stream interpretation":
 * lines end in CRLF, LF or CR (a CRLF may be split across chunks); `:` starts a comment;
 * `data` lines accumulate with "\n"; a blank line dispatches; `id` persists across
 * events (and is what a reconnect sends as `Last-Event-ID`); `retry` sets the
 * reconnection delay. Chunks may split lines and UTF-8 characters anywhere.
 */

export interface SseEvent {
  /** `event:` field, "message" when absent. */
  readonly type: string;
  readonly data: string;
  /** The last `id:` seen so far in the stream ("" if none). */
  readonly lastEventId: string;
}

export class SseParser {
  /** The last `id:` seen; survives dispatches. */
  lastEventId = "";
  /** The last valid `retry:` in ms, if any. */
  retryMs: number | undefined;
  private buffer = "";
  private skipLeadingLf = false;
  private type = "";
  private data: string[] = [];
  private readonly decoder = new TextDecoder("utf-8", { ignoreBOM: false });

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    const text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    let start = 0;
    if (this.skipLeadingLf && text.startsWith("\n")) start = 1;
    this.skipLeadingLf = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer + text.slice(start, i);
      this.buffer = "";
      if (c === 13) {
        if (i + 1 === text.length) this.skipLeadingLf = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer += text.slice(start);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.type = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const type = this.type || "message";
    const data = this.data;
    this.type = "";
    this.data = [];
    if (data.length === 0) return undefined;
    return { type, data: data.join("\n"), lastEventId: this.lastEventId };
  }
}
