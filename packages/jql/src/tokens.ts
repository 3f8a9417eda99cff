/**
 * Token kinds of the JQL lexer (the ANTLR4 grammar of @atlaskit/jql-parser; lexical rules in
 * docs/jql-semantics.md "Syntax"), the keyword table and the reserved words: keywords are
 * case-insensitive and never unquoted names or values, and an unquoted string must not be
 * one of Jira Server's reserved words (quoting lifts both).
 */

/** Token kinds; numeric for fast comparison. */
export const T = {
  EOF: 0,
  LPAREN: 1,
  RPAREN: 2,
  COMMA: 3,
  LBRACKET: 4,
  RBRACKET: 5,
  BANG: 6,
  LT: 7,
  GT: 8,
  LTEQ: 9,
  GTEQ: 10,
  EQUALS: 11,
  NOT_EQUALS: 12,
  LIKE: 13,
  NOT_LIKE: 14,
  AND: 15,
  OR: 16,
  NOT: 17,
  IN: 18,
  IS: 19,
  EMPTY: 20,
  WAS: 21,
  CHANGED: 22,
  BEFORE: 23,
  AFTER: 24,
  FROM: 25,
  TO: 26,
  ON: 27,
  DURING: 28,
  ORDER: 29,
  BY: 30,
  ASC: 31,
  DESC: 32,
  CUSTOMFIELD: 33,
  POSNUMBER: 34,
  NEGNUMBER: 35,
  STRING: 36,
  QUOTED: 37,
  ERROR: 38,
} as const;
export type T = (typeof T)[keyof typeof T];

export interface Token {
  readonly type: T;
  readonly start: number;
  readonly end: number;
  /** Decoded text for strings and numbers; the message for ERROR; raw text for keywords; "" for punctuation. */
  readonly value: string;
  /** For ERROR tokens: the diagnostic code. */
  readonly errorCode?: "E_JQL_LEXICAL" | "E_JQL_RESERVED";
}

/** Words that lex as keywords (compared case-insensitively on the raw text). */
export const KEYWORDS: ReadonlyMap<string, T> = new Map<string, T>([
  ["and", T.AND],
  ["or", T.OR],
  ["not", T.NOT],
  ["in", T.IN],
  ["is", T.IS],
  ["empty", T.EMPTY],
  ["null", T.EMPTY],
  ["was", T.WAS],
  ["changed", T.CHANGED],
  ["before", T.BEFORE],
  ["after", T.AFTER],
  ["from", T.FROM],
  ["to", T.TO],
  ["on", T.ON],
  ["during", T.DURING],
  ["order", T.ORDER],
  ["by", T.BY],
  ["asc", T.ASC],
  ["desc", T.DESC],
  ["cf", T.CUSTOMFIELD],
]);

/**
 * Reserved words that are not keywords (the v4 lexer's RESERVED_WORD rule: Jira Server's
 * list minus the keywords, and minus `all`, which v4 accepts). Unquoted use is an error.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "abort access add alias alter any as audit avg begin between boolean break byte catch char character " +
    "check checkpoint collate collation column commit connect continue count create current date decimal " +
    "declare decrement default defaults define delete delimiter difference distinct divide do double drop " +
    "else encoding end equals escape exclusive exec execute exists explain false fetch field file first " +
    "float for function go goto grant greater group having identified if immediate increment index initial " +
    "inner inout input insert int integer intersect intersection into isempty isnull join last left less " +
    "like limit lock long max min minus mode modify modulo more multiply next noaudit notin nowait number " +
    "object of option outer output power previous prior privileges public raise raw remainder rename " +
    "resource return returns revoke right row rowid rownum rows select session set share size sqrt start " +
    "strict string subtract sum synonym table then trans transaction trigger true uid union unique update " +
    "user validate values view when whenever where while with"
  ).split(" "),
);

/** Reserved characters: allowed only inside quotes. */
export const RESERVED_CHARS = "{}*/%+^$#@?;";

/** How a token reads in a message: `'AND'`, `end of input`, `the string "x"`. */
export function describeToken(token: Token, source: string): string {
  switch (token.type) {
    case T.EOF:
      return "the end of the query";
    case T.QUOTED:
      return `the string ${source.slice(token.start, token.end)}`;
    case T.ERROR:
      return token.value;
    default:
      return `'${source.slice(token.start, token.end)}'`;
  }
}
