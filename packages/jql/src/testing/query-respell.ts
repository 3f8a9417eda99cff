/**
 * A random equivalent spelling of a query, for normalization-invariance tests: keyword
 * case and symbols (`&&`, `||`, `!`, NULL), field aliases and case, quoting style,
 * whitespace, redundant parentheses, reordered and regrouped AND/OR operands, reordered
 * and duplicated list items and history predicates, `IN (a)` for `= a`, `= EMPTY` and
 * `IN (EMPTY)` for `IS EMPTY`, `Unresolved` for an empty resolution, a list split into
 * an OR of its parts, double negation, De Morgan and `NOT` with the flipped operator.
 * Every rewrite is an equivalence of docs/jql-semantics.md, whatever the catalog.
 */
import type { Clause, Field, HistoryPredicate, Literal, Operand, Query, TerminalClause } from "../ast.js";
import { FIELD_ALIASES } from "../fields.js";
import { FUNCTIONS } from "../functions.js";
import { flipOperator } from "../negation.js";
import { printField, printString } from "../printer.js";

type Random = () => number;

/** A small seeded generator (mulberry32), so a fast-check integer picks the spelling. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALIASES = new Map<string, string[]>();
for (const [alias, canonical] of FIELD_ALIASES)
  ALIASES.set(canonical, [...(ALIASES.get(canonical) ?? []), alias]);
const FUNCTION_NAMES = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), [f.name, ...f.aliases]]));

/**
 * A system field or `cf[N]`. A custom field name may denote several fields, where a
 * clause holds when it holds for one of them; splitting `IN` / `NOT IN` lists is an
 * equivalence only for one field.
 */
function isDefinite(field: Field): boolean {
  return field.name.kind === "cf" || FIELD_ALIASES.has(field.name.text.toLowerCase());
}

class Speller {
  constructor(private readonly r: Random) {}

  chance(p: number): boolean {
    return this.r() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.r() * items.length)]!;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  word(text: string): string {
    const c = this.r();
    if (c < 0.4) return text.toUpperCase();
    if (c < 0.7) return text.toLowerCase();
    return [...text].map((ch) => (this.chance(0.5) ? ch.toUpperCase() : ch.toLowerCase())).join("");
  }

  ws(): string {
    return this.pick([" ", " ", " ", "  ", "\n", "\t "]);
  }

  keyword(kw: "AND" | "OR" | "NOT" | "EMPTY"): string {
    const symbols = { AND: ["&&", "&"], OR: ["||", "|"], NOT: ["!"], EMPTY: ["NULL", "null"] }[kw];
    return this.chance(0.25) ? this.pick(symbols) : this.word(kw);
  }

  string(text: string): string {
    const bare = printString(text);
    if (bare === text && this.chance(0.5)) return text;
    if (this.chance(0.5)) return bare.startsWith('"') ? bare : `"${bare.replace(/[\\"]/g, "\\$&")}"`;
    const escaped = text
      .replace(/[\\']/g, "\\$&")
      .replace(/\n/g, "\\n")
      .replace(/\r/g, "\\r")
      .replace(/\t/g, "\\t");
    return `'${escaped.replace(/[\u0000-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}'`;
  }

  literal(lit: Literal): string {
    return lit.number ? lit.value : this.string(lit.value);
  }

  field(field: Field): string {
    if (field.name.kind === "cf" || field.properties.length > 0 || field.name.number)
      return printField(field);
    const canonical = FIELD_ALIASES.get(field.name.text.toLowerCase());
    if (!canonical) return this.string(field.name.text);
    const spelled = this.word(this.pick(ALIASES.get(canonical) ?? [canonical]));
    return this.chance(0.2) ? `"${spelled}"` : spelled;
  }

  operand(operand: Operand, set: boolean): string {
    switch (operand.kind) {
      case "value":
        return this.literal(operand);
      case "empty":
        return this.keyword("EMPTY");
      case "function": {
        const name = this.word(this.pick(FUNCTION_NAMES.get(operand.name.toLowerCase()) ?? [operand.name]));
        return `${name}(${operand.args.map((a) => this.literal(a)).join(`,${this.ws()}`)})`;
      }
      case "list": {
        const items = set ? this.shuffle(operand.items) : [...operand.items];
        if (set && this.chance(0.2)) items.push(this.pick(items));
        return `(${items.map((i) => this.operand(i, set)).join(`,${this.ws()}`)})`;
      }
    }
  }

  predicate(p: HistoryPredicate): string {
    return `${this.word(p.type)} ${this.operand(p.operand, p.type !== "during")}`;
  }

  terminal(t: TerminalClause): string {
    const op = t.operator;
    const f = this.field(t.field);
    const predicates = this.shuffle(t.predicates)
      .map((p) => ` ${this.predicate(p)}`)
      .join("");
    const flipped = flipOperator(op);
    if (flipped && this.chance(0.15))
      return `${this.keyword("NOT")} ${this.terminal({ ...t, operator: flipped })}`;
    const operand = t.operand;
    if ((op === "is" || op === "is not") && this.chance(0.5)) {
      const name = t.field.name.kind === "name" ? t.field.name.text.toLowerCase() : "";
      const value =
        FIELD_ALIASES.get(name) === "resolution" && this.chance(0.5)
          ? this.string("Unresolved")
          : this.keyword("EMPTY");
      const list = this.chance(0.5);
      if (op === "is") return list ? `${f} ${this.word("in")} (${value})` : `${f} = ${value}`;
      return list ? `${f} ${this.word("not in")} (${value})` : `${f} != ${value}`;
    }
    if ((op === "=" || op === "!=") && operand?.kind === "value" && this.chance(0.3)) {
      return `${f} ${this.word(op === "=" ? "in" : "not in")} (${this.operand(operand, true)})`;
    }
    if (
      (op === "in" || op === "not in") &&
      isDefinite(t.field) &&
      operand?.kind === "list" &&
      operand.items.length > 1 &&
      this.chance(0.3)
    ) {
      const cut = 1 + Math.floor(this.r() * (operand.items.length - 1));
      const parts = [operand.items.slice(0, cut), operand.items.slice(cut)].map((items) => ({
        ...t,
        operand: { ...operand, items },
      }));
      const join = op === "in" ? "OR" : "AND";
      return `(${parts.map((p) => this.terminal(p)).join(` ${this.keyword(join)} `)})`;
    }
    const rhs = operand ? ` ${this.operand(operand, op.endsWith("in"))}` : "";
    return `${f} ${this.word(op)}${rhs}${predicates}`;
  }

  clause(c: Clause): string {
    if (this.chance(0.05)) return `${this.keyword("NOT")} (${this.keyword("NOT")} (${this.clause(c)}))`;
    if (this.chance(0.1)) return `(${this.clause(c)})`;
    switch (c.kind) {
      case "terminal":
        return this.terminal(c);
      case "not":
        return `${this.keyword("NOT")} (${this.clause(c.clause)})`;
      case "and":
      case "or": {
        const other = c.kind === "and" ? "OR" : "AND";
        const parts = this.shuffle(c.clauses);
        if (this.chance(0.1)) {
          // De Morgan: a AND b = NOT (NOT a OR NOT b)
          const negated = parts.map((p) => `${this.keyword("NOT")} (${this.clause(p)})`);
          return `${this.keyword("NOT")} (${negated.join(` ${this.keyword(other)} `)})`;
        }
        const join = ` ${this.keyword(c.kind === "and" ? "AND" : "OR")}${this.ws()}`;
        if (parts.length > 2 && this.chance(0.3)) {
          const head = parts
            .slice(0, 2)
            .map((p) => `(${this.clause(p)})`)
            .join(join);
          return [`(${head})`, ...parts.slice(2).map((p) => `(${this.clause(p)})`)].join(join);
        }
        return parts.map((p) => `(${this.clause(p)})`).join(join);
      }
    }
  }

  query(q: Query): string {
    const where = q.where ? this.clause(q.where) : "";
    const order = q.orderBy
      ? `${this.word("order")} ${this.word("by")} ${q.orderBy.keys
          .map((k) => `${this.field(k.field)}${k.direction ? ` ${this.word(k.direction)}` : ""}`)
          .join(`,${this.ws()}`)}`
      : "";
    return [where, order].filter(Boolean).join(this.ws());
  }
}

/** An equivalent spelling of `query`, chosen by `random`. */
export function respell(query: Query, random: Random): string {
  return new Speller(random).query(query);
}
