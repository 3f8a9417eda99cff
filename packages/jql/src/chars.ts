/**
 * Character classes of the JQL lexer (docs/jql-semantics.md "Syntax"): an unquoted string
 * may hold any character but whitespace, controls, non-characters, backslash (except in an
 * escape), `" ' = ! < > ( ) ~ , [ ] | &` and the reserved characters `{ } * / % + ^ $ # @ ? ;`,
 * which may appear only inside quotes.
 */

const UNQUOTED = 1; // may appear in an unquoted string
const RESERVED = 2; // reserved character: only inside quotes

const ASCII = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) ASCII[c] = UNQUOTED;
for (const ch of "\"'=!<>()~,[]|&\\") ASCII[ch.charCodeAt(0)] = 0;
for (const ch of "{}*/%+^$#@?;") ASCII[ch.charCodeAt(0)] = RESERVED;

/** Control and non-characters, excluded everywhere except as escapes (LF and CR may be quoted). */
export function isControl(c: number): boolean {
  return (
    (c <= 0x1f && c !== 0x0a && c !== 0x0d) ||
    (c >= 0x7f && c <= 0x9f) ||
    (c >= 0xfdd0 && c <= 0xfdef) ||
    c >= 0xfffe
  );
}

/** May appear unescaped in an unquoted string. */
export function isUnquotedChar(c: number): boolean {
  if (c < 128) return (ASCII[c]! & UNQUOTED) !== 0;
  return !isControl(c);
}

export function isReservedChar(c: number): boolean {
  return c < 128 && (ASCII[c]! & RESERVED) !== 0;
}
