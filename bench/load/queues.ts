/**
 * The polled queries: every agent polls the queues of their desk (a JSM-style set mixing
 * static clauses, currentUser(), relative dates, a custom field and ORDER BY), and a few
 * viewers poll boards and dashboards whose results hold 10k–40k issues.
 */
import type { DeskProject, TenantFacts } from "./tenant-facts.js";

export type QueueKind = "mine" | "team" | "new" | "board";

export interface PolledQuery {
  readonly kind: QueueKind;
  /** Stable name, e.g. "ATLPL/team". */
  readonly name: string;
  readonly jql: string;
  readonly maxResults: number;
}

export interface Poller {
  readonly user: string;
  readonly project: string | null;
  readonly queries: readonly PolledQuery[];
  readonly intervalMs: number;
}

export function deskQueues(project: DeskProject): PolledQuery[] {
  const p = project.key;
  return [
    {
      kind: "mine",
      name: `${p}/mine`,
      jql: `project = ${p} AND assignee = currentUser() AND resolution = Unresolved ORDER BY updated DESC`,
      maxResults: 50,
    },
    {
      kind: "team",
      name: `${p}/team`,
      jql:
        `project = ${p} AND status in (Open, "In Progress", Reopened, "In Review") AND ` +
        `Severity in ("S1 - Outage", "S2 - Major") ORDER BY cf[10009] ASC, priority DESC, created ASC`,
      maxResults: 50,
    },
    {
      kind: "new",
      name: `${p}/new`,
      jql: `project = ${p} AND status = Open AND created >= -7d ORDER BY created DESC`,
      maxResults: 50,
    },
  ];
}

/** Boards and dashboards over the largest desks: Stage 1 holds 10k–40k issues. */
export function boardQueries(facts: TenantFacts): PolledQuery[] {
  const [a, b, c] = facts.projects.map((p) => p.key);
  return [
    { kind: "board", name: `${a}/board`, jql: `project = ${a} ORDER BY updated DESC`, maxResults: 100 },
    {
      kind: "board",
      name: `${a}+${b}/dashboard`,
      jql: `project in (${a}, ${b}) AND issuetype in (Bug, Story, Task, Improvement) ORDER BY priority DESC, created ASC`,
      maxResults: 100,
    },
    {
      kind: "board",
      name: `${b}+${c}/dashboard`,
      jql: `project in (${b}, ${c}) ORDER BY status ASC, key DESC`,
      maxResults: 100,
    },
  ];
}

export interface WorkloadShape {
  readonly agentIntervalMs: number;
  readonly boardIntervalMs: number;
  /** Viewers per board (managers, then agents of the board's desks). */
  readonly boardViewers: number;
}

export function pollers(facts: TenantFacts, shape: WorkloadShape): Poller[] {
  const agents: Poller[] = facts.projects.flatMap((project) => {
    const queues = deskQueues(project);
    return project.agents.map((user) => ({
      user,
      project: project.key,
      queries: queues,
      intervalMs: shape.agentIntervalMs,
    }));
  });
  const boards = boardQueries(facts);
  const candidates = [...facts.managers, ...agents.map((a) => a.user)];
  const viewers: Poller[] = boards.flatMap((board, b) =>
    Array.from({ length: shape.boardViewers }, (_, k) => ({
      user: candidates[(b * shape.boardViewers + k) % candidates.length]!,
      project: null,
      queries: [board],
      intervalMs: shape.boardIntervalMs,
    })),
  );
  return [...agents, ...viewers];
}
