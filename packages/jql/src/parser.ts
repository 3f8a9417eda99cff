/**
 * Predictive recursive-descent parser for JQL, accepting the language of the ANTLR4
 * grammar of @atlaskit/jql-parser (docs/jql-semantics.md "Syntax"). One token of
 * lookahead plus one peek (a string followed by `(` is a function call); no backtracking,
 * so time is linear in the input. Input length and nesting depth are bounded; the first
 * error stops the parse with a diagnostic that says what was expected and what was found.
 */
import type {
  Clause,
  EmptyOperand,
  Field,
  FieldName,
  FunctionCall,
  HistoryPredicate,
  ListOperand,
  Literal,
  Operand,
  Operator,
  OrderBy,
  PredicateType,
  PropertyRef,
  Query,
  SortKey,
  Span,
  TerminalClause,
} from "./ast.js";
import { JqlError, jqlError, positionOf } from "./diagnostics.js";
import { Scanner } from "./scanner.js";
import { describeToken, T, type Token } from "./tokens.js";

export interface ParseOptions {
  /** Longest accepted input in UTF-16 units. Default 262,144. */
  readonly maxLength?: number;
  /** Deepest accepted nesting of parentheses, NOT and lists. Default 1,000. */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_LENGTH = 262_144;
export const DEFAULT_MAX_DEPTH = 1_000;

/** Parses a whole query; throws `JqlError` with a diagnostic on bad input. */
export function parse(source: string, options: ParseOptions = {}): Query {
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (source.length > maxLength) {
    throw jqlError(
      source,
      "E_JQL_TOO_LONG",
      `the query is ${source.length} characters long; the limit is ${maxLength}`,
      { start: maxLength, end: source.length },
    );
  }
  return new Parser(source, options.maxDepth ?? DEFAULT_MAX_DEPTH).query();
}

const HISTORY_PREDICATES: ReadonlyMap<T, PredicateType> = new Map<T, PredicateType>([
  [T.AFTER, "after"],
  [T.BEFORE, "before"],
  [T.ON, "on"],
  [T.DURING, "during"],
  [T.BY, "by"],
  [T.FROM, "from"],
  [T.TO, "to"],
]);

const COMPARISONS: ReadonlyMap<T, Operator> = new Map<T, Operator>([
  [T.EQUALS, "="],
  [T.NOT_EQUALS, "!="],
  [T.LIKE, "~"],
  [T.NOT_LIKE, "!~"],
  [T.LT, "<"],
  [T.GT, ">"],
  [T.LTEQ, "<="],
  [T.GTEQ, ">="],
]);

const OPERATORS_HINT = "an operator (=, !=, ~, !~, <, >, <=, >=, IN, NOT IN, IS, IS NOT, WAS, CHANGED)";

function isValueToken(type: T): boolean {
  return type === T.STRING || type === T.QUOTED || type === T.POSNUMBER || type === T.NEGNUMBER;
}

class Parser {
  private readonly scanner: Scanner;
  private tok: Token;
  private lookahead: Token | null = null;
  private depth = 0;
  /** End offset of the most recently consumed token. */
  private prevEnd = 0;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
  ) {
    this.scanner = new Scanner(src);
    this.tok = this.scanner.next();
  }

  query(): Query {
    let where: Clause | null = null;
    if (this.tok.type !== T.EOF && this.tok.type !== T.ORDER) where = this.orClause();
    const orderBy = this.tok.type === T.ORDER ? this.orderBy() : null;
    if (this.tok.type !== T.EOF) {
      if (orderBy) this.fail("',' or the end of the query");
      this.fail(
        where ? "AND, OR, ORDER BY or the end of the query" : "a clause or ORDER BY",
        this.keywordHint(),
      );
    }
    return { kind: "query", span: { start: 0, end: this.src.length }, where, orderBy };
  }

  // ---- token plumbing -------------------------------------------------------------

  private advance(): Token {
    const current = this.tok;
    this.prevEnd = current.end;
    if (this.lookahead) {
      this.tok = this.lookahead;
      this.lookahead = null;
    } else {
      this.tok = this.scanner.next();
    }
    return current;
  }

  private peek(): Token {
    if (!this.lookahead) this.lookahead = this.scanner.next();
    return this.lookahead;
  }

  private expect(type: T, what: string): Token {
    if (this.tok.type !== type) this.fail(what);
    return this.advance();
  }

  /** Throws the diagnostic for the current token: its lexical error, or expected/found. */
  private fail(expected: string, hint = ""): never {
    const tok = this.tok;
    const span = { start: tok.start, end: Math.max(tok.end, tok.start + 1) };
    if (tok.type === T.ERROR) {
      throw jqlError(
        this.src,
        tok.errorCode ?? "E_JQL_LEXICAL",
        `expected ${expected} but found ${tok.value}`,
        span,
      );
    }
    const found = describeToken(tok, this.src);
    throw jqlError(this.src, "E_JQL_SYNTAX", `expected ${expected} but found ${found}${hint}`, span);
  }

  private enter(start: number): void {
    if (++this.depth > this.maxDepth) {
      throw jqlError(
        this.src,
        "E_JQL_TOO_DEEP",
        `the query nests parentheses, NOT or lists more than ${this.maxDepth} levels deep; simplify it`,
        { start, end: start + 1 },
      );
    }
  }

  /** A hint for the found token: keywords can be quoted; typographic quotes are not quotes. */
  private keywordHint(): string {
    const t = this.tok.type;
    const text = this.src.slice(this.tok.start, this.tok.end);
    if (t >= T.AND && t <= T.CUSTOMFIELD && /^[a-z]+$/i.test(text)) {
      return ` (a keyword; quote it to use it as a name or value: "${text}")`;
    }
    if (/[\u2018\u2019\u201c\u201d]/.test(text))
      return " (typographic quotes are not quotes in JQL; use \" or ')";
    return "";
  }

  // ---- clauses --------------------------------------------------------------------

  private orClause(): Clause {
    return this.joined("or", T.OR, () => this.andClause());
  }

  private andClause(): Clause {
    return this.joined("and", T.AND, () => this.notClause());
  }

  /** `operand (op operand)*`: the operand alone, or one `kind` node over all of them. */
  private joined(kind: "and" | "or", op: T, operand: () => Clause): Clause {
    const first = operand();
    if (this.tok.type !== op) return first;
    const clauses = [first];
    while (this.tok.type === op) {
      this.advance();
      clauses.push(operand());
    }
    return { kind, span: spanOf(first.span, clauses[clauses.length - 1]!.span), clauses };
  }

  private notClause(): Clause {
    const tok = this.tok;
    if (tok.type === T.NOT || tok.type === T.BANG) {
      this.enter(tok.start);
      this.advance();
      const clause = this.notClause();
      this.depth--;
      return { kind: "not", span: { start: tok.start, end: clause.span.end }, clause };
    }
    if (tok.type === T.LPAREN) {
      this.enter(tok.start);
      this.advance();
      const clause = this.orClause();
      if (this.tok.type !== T.RPAREN) {
        const { line, column } = positionOf(this.src, tok.start);
        this.fail(`AND, OR or ')' to close the '(' at line ${line}, column ${column}`);
      }
      this.advance();
      this.depth--;
      return clause;
    }
    return this.terminalClause();
  }

  private terminalClause(): TerminalClause {
    const field = this.field("a field name, NOT or '('");
    const opTok = this.tok;
    let operator: Operator;
    let operand: Operand | null = null;
    let predicates: readonly HistoryPredicate[] = [];
    const comparison = COMPARISONS.get(opTok.type);
    if (comparison !== undefined) {
      this.advance();
      operator = comparison;
      const ordering =
        opTok.type === T.LT || opTok.type === T.GT || opTok.type === T.LTEQ || opTok.type === T.GTEQ;
      operand = ordering
        ? this.operand(
            `a value or a function after '${comparison}' (EMPTY cannot be ordered; use IS EMPTY)`,
            false,
            false,
          )
        : this.operand(`a value, a function or EMPTY after '${comparison}'`, true, false);
    } else {
      switch (opTok.type) {
        case T.IN:
          this.advance();
          operator = "in";
          operand = this.listOrFunction("IN");
          break;
        case T.NOT:
          this.advance();
          this.expect(T.IN, "IN after NOT (write 'NOT IN (...)', or '!=' for a single value)");
          operator = "not in";
          operand = this.listOrFunction("NOT IN");
          break;
        case T.IS: {
          this.advance();
          operator = "is";
          if (this.tok.type === T.NOT) {
            this.advance();
            operator = "is not";
          }
          const empty = this.expect(T.EMPTY, `EMPTY after '${operator.toUpperCase()}'`);
          operand = { kind: "empty", span: spanOfToken(empty) };
          break;
        }
        case T.WAS:
          this.advance();
          operator = "was";
          if (this.tok.type === T.NOT) {
            this.advance();
            operator = "was not";
          }
          if (this.tok.type === T.IN) {
            this.advance();
            operator = operator === "was" ? "was in" : "was not in";
            operand = this.listOrFunction(operator.toUpperCase());
          } else {
            operand = this.operand(
              `a value, a function or EMPTY after '${operator.toUpperCase()}'`,
              true,
              false,
            );
          }
          predicates = this.predicates(false);
          break;
        case T.CHANGED:
          this.advance();
          operator = "changed";
          predicates = this.predicates(true);
          break;
        default: {
          const spaced = this.tok.type === T.STRING && field.name.kind === "name" && !field.name.number;
          const hint = spaced
            ? ` (a field name with spaces must be quoted: "${field.name.kind === "name" ? field.name.text : ""} ${this.tok.value}")`
            : this.keywordHint();
          this.fail(`${OPERATORS_HINT} after the field`, hint);
        }
      }
    }
    const end = predicates.length
      ? predicates[predicates.length - 1]!.span.end
      : operand
        ? operand.span.end
        : opTok.end;
    return { kind: "terminal", span: { start: field.span.start, end }, field, operator, operand, predicates };
  }

  private predicates(changed: boolean): HistoryPredicate[] {
    const predicates: HistoryPredicate[] = [];
    for (;;) {
      const tok = this.tok;
      const type = HISTORY_PREDICATES.get(tok.type);
      if (type === undefined) return predicates;
      if (!changed && (type === "from" || type === "to")) {
        this.fail(
          "AFTER, BEFORE, ON, DURING, BY, AND, OR or the end of the clause",
          " (FROM and TO only follow CHANGED)",
        );
      }
      this.advance();
      const operand = this.operand(
        `a value, a function, EMPTY or a list after ${type.toUpperCase()}`,
        true,
        true,
      );
      predicates.push({
        kind: "predicate",
        span: { start: tok.start, end: operand.span.end },
        type,
        operand,
      });
    }
  }

  // ---- fields ---------------------------------------------------------------------

  private field(expected: string): Field {
    const tok = this.tok;
    let name: FieldName;
    if (tok.type === T.POSNUMBER || tok.type === T.NEGNUMBER) {
      this.advance();
      return {
        kind: "field",
        span: spanOfToken(tok),
        name: { kind: "name", text: tok.value, number: true },
        properties: [],
      };
    }
    if (tok.type === T.STRING || tok.type === T.QUOTED) {
      this.advance();
      name = { kind: "name", text: tok.value, number: false };
    } else if (tok.type === T.CUSTOMFIELD) {
      this.advance();
      this.expect(T.LBRACKET, "'[' after cf (custom fields are written cf[12345])");
      const id = this.expect(T.POSNUMBER, "a positive custom field number inside cf[...]");
      this.expect(T.RBRACKET, "']' to close cf[");
      name = { kind: "cf", id: Number(id.value) };
    } else {
      this.fail(expected, this.keywordHint());
    }
    const properties: PropertyRef[] = [];
    while (this.tok.type === T.LBRACKET) {
      this.advance();
      const key = this.argument("a property name inside [...]");
      this.expect(T.RBRACKET, "']' to close the property reference");
      const path: Literal[] = [];
      while (isValueToken(this.tok.type)) path.push(this.literal());
      properties.push({ key, path });
    }
    return { kind: "field", span: { start: tok.start, end: this.prevEnd }, name, properties };
  }

  // ---- operands -------------------------------------------------------------------

  private literal(): Literal {
    const tok = this.advance();
    return {
      kind: "value",
      span: spanOfToken(tok),
      value: tok.value,
      number: tok.type === T.POSNUMBER || tok.type === T.NEGNUMBER,
    };
  }

  private argument(expected: string): Literal {
    if (!isValueToken(this.tok.type)) this.fail(expected, this.keywordHint());
    return this.literal();
  }

  /** A value, a function, or (when allowed) EMPTY or a list. */
  private operand(expected: string, allowEmpty: boolean, allowList: boolean): Operand {
    const tok = this.tok;
    if (isValueToken(tok.type)) {
      return this.peek().type === T.LPAREN ? this.functionCall() : this.literal();
    }
    if (tok.type === T.EMPTY && allowEmpty) {
      this.advance();
      return { kind: "empty", span: spanOfToken(tok) } satisfies EmptyOperand;
    }
    if (tok.type === T.LPAREN && allowList) return this.list();
    return this.fail(expected, this.keywordHint());
  }

  private listOrFunction(operator: string): ListOperand | FunctionCall {
    if (this.tok.type === T.LPAREN) return this.list();
    if (isValueToken(this.tok.type) && this.peek().type === T.LPAREN) return this.functionCall();
    return this.fail(`a list '(a, b, ...)' or a function after ${operator}`, this.keywordHint());
  }

  private list(): ListOperand {
    const open = this.advance();
    this.enter(open.start);
    if (this.tok.type === T.RPAREN) this.fail("a value in the list (a list cannot be empty)");
    const items: Operand[] = [this.operand("a value, a function, EMPTY or a list", true, true)];
    while (this.tok.type === T.COMMA) {
      this.advance();
      items.push(this.operand("a value, a function, EMPTY or a list after ','", true, true));
    }
    const close = this.expect(T.RPAREN, "',' or ')' in the list");
    this.depth--;
    return { kind: "list", span: { start: open.start, end: close.end }, items };
  }

  private functionCall(): FunctionCall {
    const nameTok = this.advance();
    this.advance(); // (
    const args: Literal[] = [];
    if (this.tok.type !== T.RPAREN) {
      for (;;) {
        if (isValueToken(this.tok.type) && this.peek().type === T.LPAREN) {
          this.advance();
          this.fail(
            "',' or ')' after the function argument",
            " (nested function calls are not supported; arguments are plain strings or numbers)",
          );
        }
        args.push(this.argument("a function argument (a string or a number)"));
        if (this.tok.type !== T.COMMA) break;
        this.advance();
      }
    }
    const close = this.expect(T.RPAREN, "',' or ')' to close the function's arguments");
    return { kind: "function", span: { start: nameTok.start, end: close.end }, name: nameTok.value, args };
  }

  // ---- ORDER BY -------------------------------------------------------------------

  private orderBy(): OrderBy {
    const order = this.advance();
    this.expect(T.BY, "BY after ORDER");
    const keys: SortKey[] = [this.sortKey()];
    while (this.tok.type === T.COMMA) {
      this.advance();
      keys.push(this.sortKey());
    }
    return { kind: "orderBy", span: { start: order.start, end: keys[keys.length - 1]!.span.end }, keys };
  }

  private sortKey(): SortKey {
    const field = this.field("a field to order by");
    let direction: SortKey["direction"] = null;
    let end = field.span.end;
    if (this.tok.type === T.ASC || this.tok.type === T.DESC) {
      direction = this.tok.type === T.ASC ? "asc" : "desc";
      end = this.advance().end;
    }
    return { kind: "sort", span: { start: field.span.start, end }, field, direction };
  }
}

function spanOfToken(tok: Token): Span {
  return { start: tok.start, end: tok.end };
}

function spanOf(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** Parses, returning the diagnostic instead of throwing. */
export function tryParse(
  source: string,
  options?: ParseOptions,
): { ok: true; query: Query } | { ok: false; error: JqlError } {
  try {
    return { ok: true, query: parse(source, options) };
  } catch (error) {
    if (error instanceof JqlError) return { ok: false, error };
    throw error;
  }
}
