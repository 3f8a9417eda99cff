/**
 * Request paths. Every segment and query value is percent-encoded with
 * `encodeURIComponent` (a space is `%20`, never `+`, which some servers keep literally),
 * so tenants, JQL, user ids and issue keys travel intact whatever they contain.
 */

export type QueryValue = string | number | boolean | null | undefined;

/** `/v1/tenants/<tenant>/<segments...>`, each segment encoded. */
export function tenantPath(tenant: string, ...segments: string[]): string {
  return ["/v1/tenants", tenant, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join("/");
}

/** Appends the defined parameters, in the given order; `null`/`undefined` are left out. */
export function withQuery(path: string, params: Readonly<Record<string, QueryValue>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? path : `${path}?${parts.join("&")}`;
}
