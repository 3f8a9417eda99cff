/**
 * Who may see what (docs/jql-semantics.md §8). An issue is visible when a holder of its
 * project's browse grant matches and, if it has a security level, a holder of that level
 * matches. Holders: `anyone`; `group g` (a member of g); `role r` (a member of r in the
 * issue's project, directly or through a group); `user u`; `reporter` / `assignee` (the
 * issue's). An anonymous searcher matches only `anyone`. An issue whose project, scheme or
 * level is missing from the catalog is invisible (fail closed). A comment is visible when
 * its issue is and its visibility is null, a group the searcher is in, or a role the
 * searcher has in the issue's project.
 *
 * The project-wide part of each browse grant is decided once per searcher (`createAccess`);
 * per issue only reporter/assignee holders and security levels are checked.
 */
import type { Comment, Holder, IssueSnapshot, UserId } from "../model.js";
import { type DatasetIndex, roleKey } from "./dataset-index.js";

/** A grant for one searcher in one project: project-wide, or through the issue's reporter/assignee. */
export interface Grant {
  readonly wide: boolean;
  readonly reporter: boolean;
  readonly assignee: boolean;
}

export interface Access {
  readonly user: UserId | null;
  /** The searcher is in the group (exact name). */
  inGroup(group: string): boolean;
  /** The searcher is in the role in the project, directly or through a group. */
  inRole(projectId: number, roleId: number): boolean;
  /** Browse grant per project id (absent: project unknown or its scheme missing). */
  readonly browse: ReadonlyMap<number, Grant>;
}

const NONE: Grant = { wide: false, reporter: false, assignee: false };

export function createAccess(index: DatasetIndex, user: UserId | null): Access {
  const access = {
    user,
    inGroup: (group: string) => user !== null && (index.groupMembers.get(group)?.has(user) ?? false),
    inRole: (projectId: number, roleId: number) =>
      user !== null && (index.roleMembers.get(roleKey(projectId, roleId))?.has(user) ?? false),
    browse: new Map<number, Grant>(),
  };
  for (const project of index.projects.values()) {
    const scheme = index.permissionSchemes.get(project.permissionSchemeId);
    if (scheme) access.browse.set(project.id, grantOf(scheme.browse, project.id, access));
  }
  return access;
}

/** What `holders` grant the searcher in a project. */
export function grantOf(holders: readonly Holder[], projectId: number, access: Access): Grant {
  let reporter = false;
  let assignee = false;
  for (const holder of holders) {
    switch (holder.type) {
      case "anyone":
        return { wide: true, reporter, assignee };
      case "group":
        if (access.inGroup(holder.group)) return { wide: true, reporter, assignee };
        break;
      case "role":
        if (access.inRole(projectId, holder.roleId)) return { wide: true, reporter, assignee };
        break;
      case "user":
        if (access.user !== null && holder.user === access.user) return { wide: true, reporter, assignee };
        break;
      case "reporter":
        reporter = access.user !== null;
        break;
      case "assignee":
        assignee = access.user !== null;
        break;
    }
  }
  return reporter || assignee ? { wide: false, reporter, assignee } : NONE;
}

function granted(grant: Grant, issue: IssueSnapshot, user: UserId | null): boolean {
  return (
    grant.wide ||
    (grant.reporter && issue.reporter !== null && issue.reporter === user) ||
    (grant.assignee && issue.assignee !== null && issue.assignee === user)
  );
}

export function isVisible(issue: IssueSnapshot, index: DatasetIndex, access: Access): boolean {
  const browse = access.browse.get(issue.projectId);
  if (!browse || !granted(browse, issue, access.user)) return false;
  if (issue.securityLevelId === null) return true;
  const level = index.securityLevels.get(issue.securityLevelId);
  return level !== undefined && granted(grantOf(level.holders, issue.projectId, access), issue, access.user);
}

export function isCommentVisible(
  comment: Comment,
  issue: IssueSnapshot,
  index: DatasetIndex,
  access: Access,
): boolean {
  const visibility = comment.visibility;
  if (visibility !== null) {
    const allowed =
      visibility.type === "group"
        ? access.inGroup(visibility.group)
        : access.inRole(issue.projectId, visibility.roleId);
    if (!allowed) return false;
  }
  return isVisible(issue, index, access);
}
