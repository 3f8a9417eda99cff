/**
 * Options as trees addressed by dotted keys (`store.stalenessBoundMs`), the way
 * CONFIG_REFERENCE names them.
 */

export type Tree = Record<string, unknown>;

export function isTree(value: unknown): value is Tree {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function valueAt(tree: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (isTree(node) ? node[part] : undefined), tree);
}

/**
 * Sets a leaf, creating its groups; does nothing when a non-object sits where a group
 * should be (validation reports that value, which must not be overwritten here).
 */
export function setAt(tree: Tree, key: string, value: unknown): void {
  const parts = key.split(".");
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === undefined) node[part] = {};
    const next = node[part];
    if (!isTree(next)) return;
    node = next;
  }
  node[parts.at(-1)!] = value;
}
