/**
 * Models of fields whose values are configuration objects (ids): project, issue type,
 * status, status category, priority, resolution, component, versions, sprint, project
 * category, project type, security level. Literals resolve in TypeScript (lookup.ts);
 * values derived from the project or status (category, project type, status category)
 * and orderings by configured sequence (priority, versions) become id sets computed from
 * the compiler catalog, so SQL tests plain columns and link tables with `= ANY($n)`.
 */
import type { Literal, SystemField } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import {
  holds,
  memberOf,
  type Ordering,
  one,
  type ResolvedOperand,
  type SqlField,
  sortBy,
  type Value,
} from "./field-model.js";
import type { Domain } from "./lookup.js";
import { linkRankSort, linkSort, rankSort } from "./sorts.js";
import { columnSource, linkSource, type ValueSource } from "./sources.js";

const LINKS: Readonly<Record<string, readonly [table: string, column: string, alias: string]>> = {
  component: ["issue_components", "component_id", "lc"],
  fixVersion: ["issue_fix_versions", "version_id", "lf"],
  affectedVersion: ["issue_affected_versions", "version_id", "la"],
  sprint: ["issue_sprints", "sprint_id", "ls"],
};

export function configField(field: SystemField, env: CompileEnv): SqlField | undefined {
  const { catalog: cc, params } = env;
  const ids = (domain: Domain) => (lit: Literal) => cc.lookup.ids(domain, lit.value, lit.number);
  const label = field.name;
  const column = (name: string, nullable: boolean, domain: Domain) => {
    const source = columnSource(`i.${name}`, nullable);
    return {
      label,
      source,
      literal: ids(domain),
      member: memberOf(source, env, "int"),
      sort: sortBy(`i.${name}`),
    };
  };
  const history = (name: string, column: string) => ({
    field: name,
    multi: false,
    current: `i.${column}::text`,
  });
  switch (field.kind) {
    case "project":
      return {
        ...column("project_id", false, "project"),
        functions: ["projects"],
        sort: rankSort("i.project_id", cc.ranks.projectKey, env),
      };
    case "issuetype":
      return {
        ...column("issue_type_id", false, "issuetype"),
        functions: ["issuetypes"],
        history: history("issuetype", "issue_type_id"),
      };
    case "status":
      return {
        ...column("status_id", false, "status"),
        functions: [],
        history: history("status", "status_id"),
      };
    case "statusCategory": {
      const statuses = [...cc.statusCategory];
      return {
        ...mapped("i.status_id", statuses, env, label),
        literal: (lit) => one(cc.lookup.statusCategory(lit.value)),
        sort: rankSort("i.status_id", cc.ranks.statusCategory, env),
      };
    }
    case "priority": {
      const base = column("priority_id", true, "priority");
      const order = (op: Ordering, operand: ResolvedOperand) => {
        const urgencies = operand.values
          .flatMap((id) => one(cc.prioritySequence.get(id as number)))
          .map((s) => -s);
        const matching = [...cc.prioritySequence].filter(([, s]) => urgencies.some((u) => holds(op, -s, u)));
        return base.source.in(
          params.list(
            matching.map(([id]) => id),
            "int",
          ),
        );
      };
      const sort = rankSort("i.priority_id", cc.ranks.priority, env);
      return { ...base, functions: [], order, sort, history: history("priority", "priority_id") };
    }
    case "resolution": {
      const base = column("resolution_id", true, "resolution");
      const literal = (lit: Literal) =>
        !lit.number && lit.value.toLowerCase() === "unresolved" ? ("empty" as const) : base.literal(lit);
      return {
        ...base,
        literal,
        emptyLiterals: true,
        functions: [],
        history: history("resolution", "resolution_id"),
      };
    }
    case "component":
    case "version":
    case "sprint":
      return linkField(field, env);
    case "category": {
      const projects = cc.ranks.projectCategory.keys.map(
        (id, k) => [id, cc.ranks.projectCategory.values[k]!] as const,
      );
      return {
        ...mapped("i.project_id", projects, env, label),
        literal: ids("category"),
        sort: rankSort("i.project_id", cc.ranks.projectCategory, env),
      };
    }
    case "projectType": {
      const projects = cc.catalog.projects.map((p) => [p.id, p.type] as const);
      const types: readonly string[] = ["software", "service_desk", "business"];
      return {
        ...mapped("i.project_id", projects, env, label),
        literal: (lit) => types.filter((t) => t === lit.value.toLowerCase()),
        sort: rankSort("i.project_id", cc.ranks.projectType, env, true),
      };
    }
    case "level":
      return { ...column("security_level_id", true, "level"), functions: [] };
    default:
      return undefined;
  }
}

/**
 * A value derived from an id column through the catalog (`pairs`: column value → field
 * value): membership is the set of column values whose field value is denoted.
 */
function mapped(
  column: string,
  pairs: readonly (readonly [number, Value])[],
  env: CompileEnv,
  label: string,
) {
  const keys = pairs.map(([key]) => key);
  const source: ValueSource = {
    has: () => `${column} = ANY(${env.params.list(keys, "int")})`,
    none: () => `NOT (${column} = ANY(${env.params.list(keys, "int")}))`,
    in: () => {
      throw new Error("internal: a mapped field tests membership through member()");
    },
    some: () => {
      throw new Error("internal: a mapped field is not ordered");
    },
  };
  const member = (operand: ResolvedOperand) => {
    const wanted = new Set(operand.values);
    const matching = pairs.filter(([, value]) => wanted.has(value)).map(([key]) => key);
    return `${column} = ANY(${env.params.list(matching, "int")})`;
  };
  return { label, source, member, functions: [] as const };
}

function linkField(field: SystemField, env: CompileEnv): SqlField {
  const cc = env.catalog;
  const [table, column, alias] = LINKS[field.name]!;
  const source = linkSource(table, column, alias);
  const domain: Domain =
    field.kind === "version" ? "version" : field.kind === "sprint" ? "sprint" : "component";
  const base = {
    label: field.name,
    source,
    literal: (lit: Literal) => cc.lookup.ids(domain, lit.value, lit.number),
    member: memberOf(source, env, "int"),
    sort: linkSort(table, column),
  };
  if (field.kind === "component") return { ...base, functions: ["components"] };
  if (field.kind === "sprint") return { ...base, functions: ["sprints"] };
  // Versions compare within their project by sequence: the matching versions, from the catalog.
  const order = (op: Ordering, operand: ResolvedOperand) => {
    const keys = operand.values.flatMap((id) => one(cc.versions.get(id as number)));
    const matching = cc.catalog.versions.filter((v) =>
      keys.some((k) => k.projectId === v.projectId && holds(op, v.sequence, k.sequence)),
    );
    return source.in(
      env.params.list(
        matching.map((v) => v.id),
        "int",
      ),
    );
  };
  const history = field.name === "fixVersion" ? { field: "fixVersion", multi: true, current: "" } : undefined;
  return {
    ...base,
    functions: ["versions"],
    order,
    sort: linkRankSort(table, column, cc.ranks.version, env),
    history,
  };
}
