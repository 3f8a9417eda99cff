/**
 * The permission and issue-security schemes of a synthetic tenant: projects browseable by
 * anyone, by logged-in users only, by their team (roles, reporter, assignee) or by
 * administrators only; security levels held by groups, roles, one user, the reporter or
 * the assignee. Every holder type of the model occurs.
 */
import type { Holder, PermissionScheme, SecurityLevel } from "@subq/jql";
import { GROUP, ROLE } from "./config.js";

export const PERMISSION_SCHEME_NAMES: Readonly<Record<number, string>> = {
  1: "Public",
  2: "Internal",
  3: "Team",
  4: "Restricted",
};

/** Public (anyone), Internal (logged-in users), Team (roles + reporter/assignee), Restricted (admins + one user). */
export function permissionSchemes(adminUser: string): PermissionScheme[] {
  const role = (roleId: number): Holder => ({ type: "role", roleId });
  return [
    { id: 1, browse: [{ type: "anyone" }] },
    { id: 2, browse: [{ type: "group", group: GROUP.all }] },
    {
      id: 3,
      browse: [role(ROLE.developers), role(ROLE.administrators), { type: "reporter" }, { type: "assignee" }],
    },
    {
      id: 4,
      browse: [
        role(ROLE.administrators),
        { type: "group", group: GROUP.administrators },
        { type: "user", user: adminUser },
      ],
    },
  ];
}

export const SECURITY_SCHEME_NAMES: Readonly<Record<number, string>> = {
  1: "Default security",
  2: "Customer security",
};

export function securityLevels(adminUser: string): SecurityLevel[] {
  return [
    {
      id: 10000,
      schemeId: 1,
      name: "Internal",
      holders: [{ type: "group", group: GROUP.developers }, { type: "reporter" }],
    },
    {
      id: 10001,
      schemeId: 1,
      name: "Confidential",
      holders: [{ type: "role", roleId: ROLE.administrators }, { type: "assignee" }],
    },
    {
      id: 10002,
      schemeId: 1,
      name: "Embargoed",
      holders: [
        { type: "user", user: adminUser },
        { type: "group", group: GROUP.administrators },
      ],
    },
    {
      id: 10003,
      schemeId: 2,
      name: "Customer visible",
      holders: [{ type: "role", roleId: ROLE.users }, { type: "reporter" }, { type: "assignee" }],
    },
    {
      id: 10004,
      schemeId: 2,
      name: "Staff only",
      holders: [
        { type: "group", group: GROUP.support },
        { type: "group", group: GROUP.developers },
      ],
    },
  ];
}
