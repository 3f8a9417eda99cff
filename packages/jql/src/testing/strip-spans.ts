/** A deep copy of an AST without its spans, for comparing trees parsed from different text. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== "span") out[key] = stripSpans(value);
  return out;
}
