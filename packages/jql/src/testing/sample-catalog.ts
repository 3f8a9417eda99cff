/**
 * A small catalog with the traps name resolution must get right, for golden tests of the
 * normalizer, splitter and metadata: a status named "3" beside status id 3, component
 * and version names shared across projects, a project whose name is another project's
 * key, two custom fields named "Team", users found by id, e-mail or display name.
 */
import type { Catalog, NamedId } from "../model.js";

const named = (id: number, name: string): NamedId => ({ id, name });

export const SAMPLE_CATALOG: Catalog = {
  projects: [
    {
      id: 10000,
      key: "FOO",
      name: "Foo Project",
      categoryId: 1,
      type: "software",
      lead: "u1",
      permissionSchemeId: 1,
      securitySchemeId: 1,
    },
    {
      id: 10001,
      key: "BAR",
      name: "Bar",
      categoryId: null,
      type: "service_desk",
      lead: null,
      permissionSchemeId: 1,
      securitySchemeId: null,
    },
    {
      id: 10002,
      key: "BAZ",
      name: "FOO",
      categoryId: null,
      type: "business",
      lead: null,
      permissionSchemeId: 1,
      securitySchemeId: null,
    },
  ],
  projectCategories: [named(1, "Internal")],
  issueTypes: [
    { id: 1, name: "Bug", subtask: false },
    { id: 2, name: "Story", subtask: false },
    { id: 3, name: "Task", subtask: false },
    { id: 5, name: "Sub-task", subtask: true },
  ],
  statuses: [
    { id: 1, name: "Open", category: "new" },
    { id: 3, name: "In Progress", category: "indeterminate" },
    { id: 5, name: "3", category: "indeterminate" },
    { id: 6, name: "Closed", category: "done" },
    { id: 10001, name: "Done", category: "done" },
  ],
  priorities: [
    { id: 1, name: "Highest", sequence: 1 },
    { id: 2, name: "High", sequence: 2 },
    { id: 3, name: "Medium", sequence: 3 },
    { id: 4, name: "Low", sequence: 4 },
  ],
  resolutions: [named(1, "Fixed"), named(2, "Won't Do"), named(3, "Duplicate")],
  components: [
    { id: 100, name: "Backend", projectId: 10000, lead: "u1" },
    { id: 101, name: "Backend", projectId: 10001, lead: null },
    { id: 102, name: "UI", projectId: 10000, lead: "u2" },
  ],
  versions: [
    {
      id: 200,
      name: "1.0",
      projectId: 10000,
      released: true,
      archived: false,
      sequence: 1,
      releaseDate: "2024-01-31",
    },
    {
      id: 201,
      name: "1.0",
      projectId: 10001,
      released: false,
      archived: false,
      sequence: 1,
      releaseDate: null,
    },
    {
      id: 202,
      name: "2.0",
      projectId: 10000,
      released: false,
      archived: false,
      sequence: 2,
      releaseDate: null,
    },
  ],
  sprints: [
    { id: 1, name: "Sprint 1", state: "active", boardId: 1, startDate: null, endDate: null },
    { id: 2, name: "Sprint 2", state: "future", boardId: 1, startDate: null, endDate: null },
    { id: 3, name: "Sprint 0", state: "closed", boardId: 1, startDate: null, endDate: null },
  ],
  customFields: [
    { id: 10016, name: "Story Points", type: "number", options: [] },
    { id: 10020, name: "Team", type: "select", options: [named(1, "Red"), named(2, "Blue")] },
    { id: 10021, name: "Team", type: "text", options: [] },
    { id: 10030, name: "Flagged", type: "multiselect", options: [named(3, "Impediment")] },
    { id: 10040, name: "Start date", type: "date", options: [] },
    { id: 10050, name: "Reviewer", type: "user", options: [] },
    { id: 10060, name: "Notes", type: "text", options: [] },
    { id: 10070, name: "Tags", type: "labels", options: [] },
  ],
  users: [
    { id: "u1", displayName: "Alice Smith", email: "alice@example.com", active: true },
    { id: "u2", displayName: "Bob Jones", email: "bob@example.com", active: true },
    { id: "u3", displayName: "Carol", email: null, active: false },
  ],
  groups: { developers: ["u1", "u2"] },
  roles: [named(1, "Developers")],
  roleMembers: [{ projectId: 10000, roleId: 1, user: "u1", group: null }],
  permissionSchemes: [{ id: 1, browse: [{ type: "anyone" }] }],
  securityLevels: [{ id: 1, name: "Secret", schemeId: 1, holders: [{ type: "group", group: "developers" }] }],
};
