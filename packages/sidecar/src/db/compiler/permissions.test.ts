import type { Catalog } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { permissionClass, permissionsNameUser } from "./permission-class.js";
import { createPermissionContext } from "./permissions.js";

const project = (id: number, permissionSchemeId: number) => ({
  id,
  key: `P${id}`,
  name: `Project ${id}`,
  categoryId: null,
  type: "software" as const,
  lead: null,
  permissionSchemeId,
  securitySchemeId: 1,
});

/** P1: anyone; P2: group dev or role 7; P3: reporter and user "root"; P4: a scheme that does not exist. */
const catalog: Catalog = {
  projects: [project(1, 1), project(2, 2), project(3, 3), project(4, 99)],
  projectCategories: [],
  issueTypes: [],
  statuses: [],
  priorities: [],
  resolutions: [],
  components: [],
  versions: [],
  sprints: [],
  customFields: [],
  users: ["ann", "ben", "cid", "dee", "root"].map((id) => ({
    id,
    displayName: id,
    email: null,
    active: true,
  })),
  groups: { dev: ["ann", "dee"], ops: ["ben"] },
  roles: [{ id: 7, name: "Team" }],
  roleMembers: [
    { projectId: 2, roleId: 7, user: "cid", group: null },
    { projectId: 3, roleId: 7, user: null, group: "ops" },
  ],
  permissionSchemes: [
    { id: 1, browse: [{ type: "anyone" }] },
    {
      id: 2,
      browse: [
        { type: "group", group: "dev" },
        { type: "role", roleId: 7 },
      ],
    },
    { id: 3, browse: [{ type: "reporter" }, { type: "user", user: "root" }] },
  ],
  securityLevels: [
    { id: 10, name: "Dev", schemeId: 1, holders: [{ type: "group", group: "dev" }, { type: "assignee" }] },
    { id: 11, name: "Team", schemeId: 1, holders: [{ type: "role", roleId: 7 }] },
  ],
};

describe("permission contexts", () => {
  it("grants browse outright, as reporter, or not at all (missing scheme: never)", () => {
    expect(createPermissionContext(catalog, "ann").browse).toEqual({
      projects: [1, 2],
      asReporter: [3],
      asAssignee: [],
    });
    expect(createPermissionContext(catalog, "cid").browse.projects).toEqual([1, 2]); // role 7 in P2
    expect(createPermissionContext(catalog, "root").browse).toEqual({
      projects: [1, 3],
      asReporter: [],
      asAssignee: [],
    });
    expect(createPermissionContext(catalog, null).browse).toEqual({
      projects: [1],
      asReporter: [],
      asAssignee: [],
    });
  });

  it("holds levels everywhere, per project (role holders), or as assignee", () => {
    const ann = createPermissionContext(catalog, "ann").levels;
    expect(ann).toEqual({
      everywhere: [10],
      inProject: { levels: [], projects: [] },
      asReporter: [],
      asAssignee: [],
    });
    const ben = createPermissionContext(catalog, "ben").levels; // role 7 in P3 through the group ops
    expect(ben).toEqual({
      everywhere: [],
      inProject: { levels: [11], projects: [3] },
      asReporter: [],
      asAssignee: [10],
    });
    expect(createPermissionContext(catalog, null).levels.asAssignee).toEqual([]);
  });

  it("lists groups and (project, role) pairs for comment visibility", () => {
    const ben = createPermissionContext(catalog, "ben");
    expect(ben.groups).toEqual(["ops"]);
    expect(ben.roles).toEqual({ projects: [3], roles: [7] });
  });
});

describe("permission classes", () => {
  const classOf = (user: string | null) => permissionClass(createPermissionContext(catalog, user));

  it("are shared by users with identical grants and include the user only when a grant names them", () => {
    // ann and dee: group dev; both browse P3 only as reporters, so each class is the user's own.
    expect(permissionsNameUser(createPermissionContext(catalog, "ann"))).toBe(true);
    expect(classOf("ann")).not.toBe(classOf("dee"));
    const noReporters: Catalog = {
      ...catalog,
      permissionSchemes: catalog.permissionSchemes.map((s) => (s.id === 3 ? { ...s, browse: [] } : s)),
    };
    const shared = (user: string) => permissionClass(createPermissionContext(noReporters, user));
    expect(shared("ann")).toBe(shared("dee"));
    expect(shared("ann")).not.toBe(shared("ben"));
    expect(classOf(null)).toMatch(/^[0-9a-f]{24}$/);
    expect(classOf(null)).toBe(classOf(null));
  });
});
