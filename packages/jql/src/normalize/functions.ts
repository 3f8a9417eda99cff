/**
 * Function calls: canonical name (case and Cloud aliases, from functions.ts) and, when
 * resolving for execution, the checks Jira makes before running a query: the function
 * exists, subq answers it, and the number of arguments fits.
 */
import type { FunctionCall, Operand } from "../ast.js";
import { fail, type NormalizeContext } from "./context.js";
import { functionOf } from "./fast-lookup.js";

export function normalizeFunction(call: FunctionCall, ctx: NormalizeContext): FunctionCall {
  const fn = functionOf(call.name);
  if (ctx.resolver) {
    if (!fn) {
      fail(
        ctx,
        "E_UNSUPPORTED_FUNCTION",
        `Function '${call.name}()' is not supported: it is not a known JQL function`,
        call.span,
      );
    }
    if (!fn.supported) {
      fail(
        ctx,
        "E_UNSUPPORTED_FUNCTION",
        `Function '${fn.name}()' is not supported: ${fn.note ?? "subq cannot answer it"}`,
        call.span,
      );
    }
    const n = call.args.length;
    if (n < fn.minArgs || n > fn.maxArgs) {
      const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      fail(
        ctx,
        "E_BAD_VALUE",
        `Function '${fn.name}()' takes ${expected} argument(s) but was given ${n}`,
        call.span,
      );
    }
  }
  return fn && fn.name !== call.name ? { ...call, name: fn.name } : call;
}

/**
 * Set-valued by result type, but one version each: written with `=`
 * (`fixVersion = latestReleasedVersion(P)`).
 */
const SINGLE_VERSION: ReadonlySet<string> = new Set(["latestReleasedVersion", "earliestUnreleasedVersion"]);

/**
 * True for functions that yield one value (a user, an instant, one version): their
 * canonical spelling is `x = f()`, the others' `x IN f()`; `IN (f())` is either.
 */
export function isSingular(call: FunctionCall): boolean {
  const fn = functionOf(call.name);
  return fn !== undefined && (fn.result === "user" || fn.result === "instant" || SINGLE_VERSION.has(fn.name));
}

export function isKnownFunction(operand: Operand): boolean {
  return operand.kind === "function" && functionOf(operand.name) !== undefined;
}
