/**
 * The `~` text query (docs/jql-semantics.md §5): the decoded JQL string → terms → one
 * regular expression per term, written once and used twice: by the evaluator as a
 * JavaScript `RegExp` with the `i` flag, and by the SQL compiler as a Postgres ARE with
 * `~*` (`textQueryToPostgresPatterns`). The pattern only uses syntax both engines read
 * the same way (`(?:`, `^`, `$`, bracket ranges of `\uXXXX` escapes, `+`), so on ASCII
 * text they agree exactly (test/jql/text-query.pg.test.ts checks it against Postgres).
 *
 * Word characters are ASCII letters and digits and every non-ASCII character; every other
 * ASCII character separates words. A term matches where its words occur as whole words,
 * consecutively, separated by separators only; a prefix term's last word may continue.
 *
 * Non-ASCII text: case-insensitivity follows each engine's case tables. JavaScript's
 * non-Unicode `i` flag upper-cases each character and never maps a non-ASCII character to
 * an ASCII one; Postgres uses the database's LC_CTYPE. They agree on common letters
 * (é/É, ä/Ä, я/Я) and can differ on a few (U+0131 dotless i, U+017F long s, U+212A Kelvin).
 */
import type { Span } from "./ast.js";
import { jqlError } from "./diagnostics.js";

export interface TextTerm {
  /** `word`: one word; `phrase`: several consecutive words; `prefix`: the last word may continue. */
  readonly kind: "word" | "phrase" | "prefix";
  /** One or more words (letters, digits and non-ASCII characters only), as written. */
  readonly words: readonly string[];
}

/** Characters that separate words: all of ASCII but letters and digits. */
const SEPARATOR = "[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]";
const OPERATORS: ReadonlySet<string> = new Set(["AND", "OR", "NOT", "&&", "||"]);
/** Lucene syntax outside a phrase, unless escaped with a backslash. */
const SYNTAX = new Set('()[]{}^~?:/!"');
const HOW = 'write words separated by spaces (all must match), a "phrase" in double quotes, or a prefix*';

export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The words of literal text: maximal runs of word characters. */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const word = i < text.length && isWordChar(text.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  return words;
}

/**
 * Terms of a text query; throws `JqlError` (E_TEXT_SYNTAX, at `span`: the operand) for
 * Lucene syntax subq does not run, saying how to write the search instead.
 */
export function parseTextQuery(query: string, span: Span, source = ""): readonly TextTerm[] {
  const fail = (what: string): never => {
    throw jqlError(source, "E_TEXT_SYNTAX", `Text search '${query}': ${what}`, span);
  };
  const terms: TextTerm[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    if (isSpace(query.charCodeAt(i))) {
      i++;
      continue;
    }
    if (query[i] === '"') {
      let literal = "";
      for (i++; i < n && query[i] !== '"'; i++)
        literal += query[i] === "\\" && i + 1 < n ? query[++i] : query[i];
      if (i >= n) fail(`the phrase has no closing quote; ${HOW}`);
      i++;
      if (i < n && !isSpace(query.charCodeAt(i))) {
        fail(
          query[i] === "~"
            ? 'proximity search ("..."~N) is not supported; search for the phrase or for its words'
            : `a phrase must be followed by a space; ${HOW}`,
        );
      }
      terms.push(term("phrase", wordsOf(literal), `"${literal}"`, fail));
      continue;
    }
    const raw = i;
    let literal = "";
    let prefix = false;
    for (; i < n && !isSpace(query.charCodeAt(i)); i++) {
      const ch = query[i]!;
      if (ch === "\\") {
        if (i + 1 >= n) fail(`a trailing backslash escapes nothing; ${HOW}`);
        literal += query[++i];
      } else if (ch === "*") {
        const last = i + 1 >= n || isSpace(query.charCodeAt(i + 1));
        if (!last || i === raw) fail(`'*' is only supported at the end of a word (prefix search: win*)`);
        if (!isWordChar(query.charCodeAt(i - 1)))
          fail("'*' must directly follow a letter or digit (prefix search: win*)");
        prefix = true;
      } else if (SYNTAX.has(ch) || (i === raw && (ch === "-" || ch === "+"))) {
        fail(syntaxMessage(ch, i === raw));
      } else literal += ch;
    }
    const text = query.slice(raw, i);
    if (OPERATORS.has(text)) {
      fail(
        `the operator ${text} is not supported; all terms must match already, ` +
          "and alternatives or exclusions are written in JQL: summary ~ a OR summary ~ b, summary !~ a",
      );
    }
    const words = wordsOf(literal);
    terms.push(term(prefix ? "prefix" : words.length > 1 ? "phrase" : "word", words, text, fail));
  }
  if (terms.length === 0) fail(`the query has no terms; ${HOW}`);
  return terms;
}

function term(
  kind: TextTerm["kind"],
  words: string[],
  text: string,
  fail: (what: string) => never,
): TextTerm {
  if (words.length === 0) fail(`the term ${text} has no letters or digits to search for`);
  return { kind: kind === "phrase" && words.length === 1 ? "word" : kind, words };
}

function syntaxMessage(ch: string, first: boolean): string {
  if (first && (ch === "-" || ch === "+" || ch === "!")) {
    return `'${ch}' before a term is not supported; to exclude a word write a separate clause: summary !~ word`;
  }
  if (ch === "~") return "fuzzy search (word~) is not supported; search for the word or a prefix*";
  if (ch === "?") return "the wildcard '?' is not supported; use a prefix search (win*)";
  if (ch === "^") return "boosting (word^2) is not supported";
  return `'${ch}' is Lucene syntax; put the text in a phrase ("...") or escape it (\\${ch})`;
}

/** The regular expression of one term (see the module doc); no escaping is needed as words hold no ASCII punctuation. */
export function textTermPattern(term: TextTerm): string {
  const body = term.words.join(`${SEPARATOR}+`);
  return term.kind === "prefix" ? `(?:^|${SEPARATOR})${body}` : `(?:^|${SEPARATOR})${body}(?:${SEPARATOR}|$)`;
}

/** One Postgres ARE per term, for `column ~* $n`; the text matches when all of them match. */
export function textQueryToPostgresPatterns(terms: readonly TextTerm[]): string[] {
  return terms.map(textTermPattern);
}

/** The evaluator's matcher: true when every term matches `text` (case-insensitively). */
export function textMatcher(terms: readonly TextTerm[]): (text: string) => boolean {
  const regexes = terms.map((t) => new RegExp(textTermPattern(t), "i"));
  return (text) => regexes.every((regex) => regex.test(text));
}
