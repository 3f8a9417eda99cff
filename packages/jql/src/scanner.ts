/**
 * The JQL scanner: source text → tokens, one at a time, in a single forward pass.
 *
 * It follows the ANTLR4 lexer of @atlaskit/jql-parser: longest match, then the first
 * rule. So a maximal run of unquoted-string characters is one token, and only then is it
 * classified: a keyword (`and`, `order`, `null`, ...), a reserved word (an error), a
 * number (`123`, `-5`) or a plain string (`-5d`, `ABC-1`, `1.5`). Keywords and reserved
 * words are matched on the raw text, so an escape (`sel\u0065ct`) makes a plain string.
 * Lexical errors become ERROR tokens; the parser reports them when it reaches them, so
 * the first error in the text is the one reported.
 */
import { isControl, isReservedChar, isUnquotedChar } from "./chars.js";
import { KEYWORDS, RESERVED_WORDS, T, type Token } from "./tokens.js";

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function codePointName(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  t: "\t",
  n: "\n",
  r: "\r",
  '"': '"',
  "'": "'",
  "\\": "\\",
  " ": " ",
};

export class Scanner {
  private pos = 0;

  constructor(private readonly src: string) {}

  next(): Token {
    const src = this.src;
    let pos = this.pos;
    // Skip whitespace: space, tab, CR, LF only (NBSP is an ordinary character).
    let c = src.charCodeAt(pos);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = src.charCodeAt(++pos);
    this.pos = pos;
    if (pos >= src.length) return { type: T.EOF, start: pos, end: pos, value: "" };

    switch (c) {
      case 40:
        return this.punct(T.LPAREN, 1);
      case 41:
        return this.punct(T.RPAREN, 1);
      case 44:
        return this.punct(T.COMMA, 1);
      case 91:
        return this.punct(T.LBRACKET, 1);
      case 93:
        return this.punct(T.RBRACKET, 1);
      case 61: // =
        return this.punct(T.EQUALS, 1);
      case 126: // ~
        return this.punct(T.LIKE, 1);
      case 33: {
        const d = src.charCodeAt(pos + 1);
        if (d === 61) return this.punct(T.NOT_EQUALS, 2);
        if (d === 126) return this.punct(T.NOT_LIKE, 2);
        return this.punct(T.BANG, 1);
      }
      case 60:
        return src.charCodeAt(pos + 1) === 61 ? this.punct(T.LTEQ, 2) : this.punct(T.LT, 1);
      case 62:
        return src.charCodeAt(pos + 1) === 61 ? this.punct(T.GTEQ, 2) : this.punct(T.GT, 1);
      case 38: // & or &&
        return this.punct(T.AND, src.charCodeAt(pos + 1) === 38 ? 2 : 1);
      case 124: // | or ||
        return this.punct(T.OR, src.charCodeAt(pos + 1) === 124 ? 2 : 1);
      case 34:
      case 39:
        return this.quoted(c);
    }
    if (c === 92 || isUnquotedChar(c)) return this.unquoted();
    this.pos = pos + 1;
    if (isReservedChar(c)) {
      return this.error(
        pos,
        pos + 1,
        `the reserved character '${String.fromCharCode(c)}' (put the value in quotes to use it)`,
      );
    }
    return this.error(pos, pos + 1, `the unexpected character ${codePointName(c)}`);
  }

  /** Punctuation and operators: their text is never read (messages slice the source). */
  private punct(type: T, length: number): Token {
    const start = this.pos;
    this.pos = start + length;
    return { type, start, end: this.pos, value: "" };
  }

  private error(
    start: number,
    end: number,
    message: string,
    code: Token["errorCode"] = "E_JQL_LEXICAL",
  ): Token {
    return { type: T.ERROR, start, end, value: message, errorCode: code };
  }

  /**
   * Reads one escape at `pos` (which holds the backslash). Returns the decoded text and the
   * position after it, or an ERROR token.
   */
  private escape(pos: number): { text: string; end: number } | Token {
    const src = this.src;
    const ch = src.charAt(pos + 1);
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) return { text: simple, end: pos + 2 };
    if (ch === "u") {
      let ok = true;
      for (let i = 2; i < 6; i++) if (!isHexDigit(src.charCodeAt(pos + i))) ok = false;
      const code = ok ? Number.parseInt(src.slice(pos + 2, pos + 6), 16) : -1;
      if (code === 0) {
        // Postgres text cannot hold NUL: no issue can contain it, so no query may name it.
        this.pos = src.length;
        return this.error(
          pos,
          pos + 6,
          `the escape '${src.slice(pos, pos + 6)}', the NUL character U+0000, which no value can contain (remove it)`,
        );
      }
      if (ok) return { text: String.fromCharCode(code), end: pos + 6 };
    }
    const shown =
      pos + 1 >= src.length ? "\\" : src.slice(pos, Math.min(pos + (ch === "u" ? 6 : 2), src.length));
    this.pos = src.length; // a lexical error ends the scan
    return this.error(
      pos,
      pos + shown.length,
      `the invalid escape '${shown}' (valid escapes: \\t \\n \\r \\" \\' \\\\ \\<space> \\uXXXX)`,
    );
  }

  private unquoted(): Token {
    const src = this.src;
    const start = this.pos;
    let pos = start;
    let decoded: string | null = null; // built only when an escape appears
    let runStart = start;
    // While scanning, hash the lower-cased letters so keywords and reserved words are
    // recognised without allocating a lower-case copy of every identifier.
    let hash = 0;
    let letters = true;
    for (;;) {
      const c = src.charCodeAt(pos);
      if (c === 92) {
        const esc = this.escape(pos);
        if ("type" in esc) return esc;
        decoded = (decoded ?? "") + src.slice(runStart, pos) + esc.text;
        pos = esc.end;
        runStart = pos;
      } else if (pos < src.length && isUnquotedChar(c)) {
        const lower = c | 0x20;
        if (lower >= 97 && lower <= 122) hash = (Math.imul(hash, 31) + lower) | 0;
        else letters = false;
        pos++;
      } else {
        break;
      }
    }
    this.pos = pos;
    if (decoded !== null)
      return { type: T.STRING, start, end: pos, value: decoded + src.slice(runStart, pos) };
    const raw = src.slice(start, pos);
    const type = letters ? classifyWord(src, start, pos, hash) : classifyOther(raw);
    if (type === T.ERROR) {
      return this.error(
        start,
        pos,
        `'${raw}', a reserved word (quote it to use it as a name or value: "${raw}")`,
        "E_JQL_RESERVED",
      );
    }
    return { type, start, end: pos, value: raw };
  }

  private quoted(quote: number): Token {
    const src = this.src;
    const start = this.pos;
    let pos = start + 1;
    let value = "";
    let runStart = pos;
    for (;;) {
      if (pos >= src.length) {
        this.pos = src.length;
        return this.error(start, src.length, `an unterminated string (the quote is never closed)`);
      }
      const c = src.charCodeAt(pos);
      if (c === quote) break;
      if (c === 92) {
        const esc = this.escape(pos);
        if ("type" in esc) return esc;
        value += src.slice(runStart, pos) + esc.text;
        pos = esc.end;
        runStart = pos;
      } else if (isControl(c)) {
        this.pos = src.length;
        const hint = c === 9 ? " (write \\t for a tab)" : "";
        return this.error(pos, pos + 1, `the character ${codePointName(c)} inside a quoted string${hint}`);
      } else {
        pos++;
      }
    }
    value += src.slice(runStart, pos);
    this.pos = pos + 1;
    return { type: T.QUOTED, start, end: pos + 1, value };
  }
}

/** Hash of a lower-case ASCII word, as computed while scanning. */
function wordHash(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
}

/** Keywords (their token type) and reserved words (ERROR) by hash; collisions share a bucket. */
const WORDS: ReadonlyMap<number, readonly { word: string; type: T }[]> = (() => {
  const map = new Map<number, { word: string; type: T }[]>();
  const add = (word: string, type: T) => {
    const bucket = map.get(wordHash(word)) ?? [];
    bucket.push({ word, type });
    map.set(wordHash(word), bucket);
  };
  for (const [word, type] of KEYWORDS) add(word, type);
  for (const word of RESERVED_WORDS) add(word, T.ERROR);
  return map;
})();

/** An all-letters run: a keyword, a reserved word (ERROR) or a plain string. */
function classifyWord(src: string, start: number, end: number, hash: number): T {
  const bucket = WORDS.get(hash);
  if (bucket === undefined) return T.STRING;
  for (const { word, type } of bucket) {
    if (word.length !== end - start) continue;
    let same = true;
    for (let i = 0; i < word.length && same; i++)
      same = (src.charCodeAt(start + i) | 0x20) === word.charCodeAt(i);
    if (same) return type;
  }
  return T.STRING;
}

/** A run with other characters than letters: a number or a plain string. */
function classifyOther(raw: string): T {
  const c0 = raw.charCodeAt(0);
  if ((c0 >= 48 && c0 <= 57) || (c0 === 45 && raw.length > 1)) {
    for (let i = c0 === 45 ? 1 : 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c < 48 || c > 57) return T.STRING;
    }
    return c0 === 45 ? T.NEGNUMBER : T.POSNUMBER;
  }
  return T.STRING;
}
