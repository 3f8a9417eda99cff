/**
 * AST → canonical JQL text that parses back to the same tree (spans aside).
 *
 * Canonical means: upper-case keywords, single spaces, `!=`/`NOT IN` spelled out,
 * strings quoted only when they must be (whitespace, special or reserved characters,
 * keywords and reserved words, number-like text, the empty string), double quotes with
 * escapes, and parentheses only where the tree needs them: an OR inside an AND, and a
 * same-kind group that the tree keeps nested.
 */
import type {
  Clause,
  Field,
  HistoryPredicate,
  Literal,
  Operand,
  OrderBy,
  PropertyRef,
  Query,
  SortKey,
} from "./ast.js";
import { isControl, isUnquotedChar } from "./chars.js";
import { KEYWORDS, RESERVED_WORDS } from "./tokens.js";

export function print(query: Query): string {
  const where = query.where ? printClause(query.where) : "";
  const order = query.orderBy ? printOrderBy(query.orderBy) : "";
  return where && order ? `${where} ${order}` : where || order;
}

export function printClause(clause: Clause): string {
  switch (clause.kind) {
    case "terminal": {
      let text = `${printField(clause.field)} ${clause.operator.toUpperCase()}`;
      if (clause.operand) text += ` ${printOperand(clause.operand)}`;
      for (const p of clause.predicates) text += ` ${printPredicate(p)}`;
      return text;
    }
    case "not": {
      const inner = clause.clause;
      const text = printClause(inner);
      return inner.kind === "and" || inner.kind === "or" ? `NOT (${text})` : `NOT ${text}`;
    }
    case "and":
      // AND binds tighter than OR, so OR children need parentheses; AND children are
      // kept nested by the tree and need them too.
      return clause.clauses
        .map((c) => (c.kind === "and" || c.kind === "or" ? `(${printClause(c)})` : printClause(c)))
        .join(" AND ");
    case "or":
      return clause.clauses
        .map((c) => (c.kind === "or" ? `(${printClause(c)})` : printClause(c)))
        .join(" OR ");
  }
}

function printPredicate(p: HistoryPredicate): string {
  return `${p.type.toUpperCase()} ${printOperand(p.operand)}`;
}

export function printOperand(operand: Operand): string {
  switch (operand.kind) {
    case "value":
      return printLiteral(operand);
    case "empty":
      return "EMPTY";
    case "function":
      return `${printName(operand.name)}(${operand.args.map(printLiteral).join(", ")})`;
    case "list":
      return `(${operand.items.map(printOperand).join(", ")})`;
  }
}

export function printField(field: Field): string {
  const name = field.name;
  let text = name.kind === "cf" ? `cf[${name.id}]` : name.number ? name.text : printString(name.text);
  for (const property of field.properties) text += printProperty(property);
  return text;
}

function printProperty(property: PropertyRef): string {
  // Path tokens are separated by spaces: `.a` `.b` written together would lex as one.
  const path = property.path.map(printLiteral).join(" ");
  return `[${printLiteral(property.key)}]${path}`;
}

function printOrderBy(orderBy: OrderBy): string {
  return `ORDER BY ${orderBy.keys.map(printSortKey).join(", ")}`;
}

function printSortKey(key: SortKey): string {
  const field = printField(key.field);
  return key.direction ? `${field} ${key.direction.toUpperCase()}` : field;
}

export function printLiteral(literal: Literal): string {
  return literal.number ? literal.value : printString(literal.value);
}

/** A function name: quoted when it is not a plain word (numbers stay bare). */
function printName(name: string): string {
  return /^-?\d+$/.test(name) ? name : printString(name);
}

/** A string value or name, quoted only when the bare form would lex differently. */
export function printString(text: string): string {
  return needsQuotes(text) ? quote(text) : text;
}

function needsQuotes(text: string): boolean {
  if (text.length === 0) return true;
  for (let i = 0; i < text.length; i++) if (!isUnquotedChar(text.charCodeAt(i))) return true;
  if (/^-?\d+$/.test(text)) return true; // would lex as a number
  if (text.length <= 12) {
    const lower = text.toLowerCase();
    if (KEYWORDS.has(lower) || RESERVED_WORDS.has(lower)) return true;
  }
  return false;
}

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += "\\\\";
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (isControl(c)) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += text[i];
  }
  return `${out}"`;
}
