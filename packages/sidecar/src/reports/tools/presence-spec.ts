/**
 * What a presence tool (presence.ts) is made of: the entities it covers and how an issue
 * holds or uses one. Apart from presence.ts so that presence-rows.ts, which presence.ts
 * calls, reads these types without importing it back.
 */
import type { Queryable } from "../../db/connect.js";
import type { IssueFacet, IssueRow } from "../contract/contract.js";
import type { ResolvedScope } from "../contract/scope.js";

export interface Candidate {
  readonly id: number;
  /** How sentences name it: `'Story Points'`, `'UI' (project FOO)`. */
  readonly label: string;
}

export interface PresenceSpec {
  readonly name: string;
  readonly description: string;
  readonly entityType: string;
  /** Counter key prefix ("cf" → `cf:<id>:last`). */
  readonly key: string;
  readonly facets: readonly IssueFacet[];
  /** Ids of the entities the issue holds now (repeats are counted once). */
  held(issue: IssueRow): Iterable<number>;
  /** Other uses with their instants (status transitions); default none. */
  usedAt?(issue: IssueRow): Iterable<readonly [id: number, atMs: number]>;
  /** The entities the report covers, given the scope and the projects its issues are in. */
  candidates(db: Queryable, scope: ResolvedScope, seenProjects: readonly number[]): Promise<Candidate[]>;
  /** The predicate of the sentences: "had a value for 'Story Points'". */
  phrase(candidate: Candidate): string;
}
