/**
 * The caching class of one atom of a normalized query (a terminal clause, or NOT over
 * CHANGED), with a sentence saying why (docs/jql-semantics.md §10, "Splitting"). Static
 * only when the field is static, the operator reads the current value, and the operand
 * holds no dynamic function and no relative date. When in doubt, dynamic: unknown
 * functions, unsupported fields and, on fields that may hold dates, anything that reads
 * as a relative offset.
 */
import type { Clause, Operand, TerminalClause } from "../ast.js";
import { isRelativeOffset } from "../dates.js";
import type { ClauseClass } from "../fields.js";
import type { FunctionResult } from "../functions.js";
import { functionOf } from "../normalize/fast-lookup.js";
import type { FieldInfo } from "../normalize/field.js";

export interface Classification {
  readonly class: ClauseClass;
  /** A short human sentence: "currentUser() depends on who is searching". */
  readonly why: string;
}

const HISTORY = new Set(["was", "was not", "was in", "was not in", "changed"]);

const EXTERNAL_DATA: Partial<Record<FunctionResult, string>> = {
  users: "group membership",
  sprints: "sprint state",
  versions: "version release state",
  issues: "other issues",
  projects: "project configuration",
  components: "component leads",
};

const STATIC: Classification = {
  class: "static",
  why: "static: depends only on the issue and configuration",
};

/** Fields whose values may be dates: date fields, and fields this package cannot see into. */
export function mayHoldDates(info: FieldInfo): boolean {
  if (info.system) return info.system.kind === "datetime" || info.system.kind === "date";
  if (info.custom) return info.custom.type === "date" || info.custom.type === "datetime";
  return info.unsupported === undefined;
}

export function classifyAtom(atom: Clause, info: FieldInfo): Classification {
  if (atom.kind === "not") {
    return { class: "external", why: "NOT ... CHANGED reads the change history, which Stage 2 searches" };
  }
  const clause = atom as TerminalClause;
  if (HISTORY.has(clause.operator)) {
    return {
      class: "external",
      why: `${clause.operator.toUpperCase()} reads the change history, which Stage 2 searches`,
    };
  }
  const system = info.system;
  if (system && system.fieldClass !== "static") {
    const why =
      system.kind === "comment"
        ? "comment matches only the comments the searcher may see"
        : `${system.name} includes comments, which depend on who may see them`;
    return { class: system.fieldClass, why };
  }
  if (info.unsupported) {
    return {
      class: "external",
      why: `${info.unsupported.name} is not supported by subq: ${info.unsupported.reason}`,
    };
  }
  return clause.operand ? classifyOperand(clause.operand, mayHoldDates(info)) : STATIC;
}

function classifyOperand(operand: Operand, dates: boolean): Classification {
  switch (operand.kind) {
    case "empty":
      return STATIC;
    case "value":
      return dates && isRelativeOffset(operand.value)
        ? { class: "temporal", why: `'${operand.value}' is relative to the time of the search` }
        : STATIC;
    case "list": {
      for (const item of operand.items) {
        const c = classifyOperand(item, dates);
        if (c.class !== "static") return c;
      }
      return STATIC;
    }
    case "function": {
      const fn = functionOf(operand.name);
      if (!fn)
        return {
          class: "external",
          why: `${operand.name}() is not a known function, so it is treated as dynamic`,
        };
      switch (fn.fnClass) {
        case "static":
          return STATIC;
        case "user":
          return { class: "user", why: `${fn.name}() depends on who is searching` };
        case "temporal":
          return { class: "temporal", why: `${fn.name}() depends on the time of the search` };
        case "permission":
          return { class: "permission", why: `${fn.name}() depends on the searcher's permissions` };
        case "external":
          return {
            class: "external",
            why: `${fn.name}() depends on ${EXTERNAL_DATA[fn.result] ?? "data"} that changes without an issue event`,
          };
      }
    }
  }
}
