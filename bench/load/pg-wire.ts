/**
 * Just enough of the Postgres wire protocol (v3) to time a connection from the client's
 * side: split a byte stream into messages (type byte + int32 length), keeping the
 * payload only of the types the caller asks for, so large DataRows pass without copies.
 * The client's first message (startup) has no type byte.
 */

export interface WireMessage {
  readonly type: string;
  /** The payload (after the length), only for the types asked for. */
  readonly payload: Buffer | null;
}

export class MessageSplitter {
  private header = Buffer.alloc(0);
  private type = "";
  private remaining = 0;
  private keep: Buffer[] | null = null;

  constructor(
    private readonly wanted: ReadonlySet<string>,
    /** The first message is a startup message without a type byte (client → server). */
    private untypedFirst: boolean,
  ) {}

  push(chunk: Buffer, onMessage: (message: WireMessage) => void): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.keep?.push(chunk.subarray(offset, offset + take));
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0) this.finish(onMessage);
        continue;
      }
      const headerSize = this.untypedFirst ? 4 : 5;
      const need = headerSize - this.header.length;
      const take = Math.min(need, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (this.header.length < headerSize) return;
      this.type = this.untypedFirst ? "startup" : String.fromCharCode(this.header[0]!);
      const length = this.header.readInt32BE(headerSize - 4);
      this.untypedFirst = false;
      this.header = Buffer.alloc(0);
      this.remaining = length - 4;
      this.keep = this.wanted.has(this.type) ? [] : null;
      if (this.remaining === 0) this.finish(onMessage);
    }
  }

  private finish(onMessage: (message: WireMessage) => void): void {
    const payload = this.keep ? Buffer.concat(this.keep) : null;
    this.keep = null;
    onMessage({ type: this.type, payload });
  }
}

/** The NUL-terminated string at `offset` and the offset after it. */
export function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  const stop = end < 0 ? buffer.length : end;
  return [buffer.toString("utf8", offset, stop), stop + 1];
}

/** Transaction control and session settings, not counted as queries. */
export function isControl(text: string): boolean {
  return /^\s*(begin|commit|rollback|set\s|savepoint|release|start\s+transaction)/i.test(text);
}
