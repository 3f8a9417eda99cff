import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { explainQueueQuery, scansOf } from "./plan.js";

/** The queue query (test/db/plan.ts) on a 50k-issue tenant, ANALYZEd. */
describe("queue queries use an index, not a sequential scan of issues", () => {
  let db: TestDatabase;
  let projects: { id: number; n: number }[];
  const explain = async (projectId: number) => (await explainQueueQuery(db.sql, projectId)).Plan;

  beforeAll(async () => {
    db = await createTestDatabase("explain");
    await migrate(db.sql);
    await seedTenant(db.sql, { issues: 50_000, seed: "explain" });
    projects = await db.sql<{ id: number; n: number }[]>`
      SELECT project_id AS id, count(*)::int AS n FROM issues GROUP BY project_id ORDER BY n`;
  });
  afterAll(async () => {
    await db.drop();
  });

  it("for a small project", async () => {
    const small = projects[0]!;
    expect(small.n).toBeLessThan(500);
    const scans = scansOf(await explain(small.id), "issues");
    expect(scans.map((s) => s.type)).not.toContain("Seq Scan");
    expect(scans.some((s) => s.index?.startsWith("issues_project"))).toBe(true);
  });

  it("for a mid-sized project and for the largest one", async () => {
    for (const project of [projects[Math.floor(projects.length / 2)]!, projects.at(-1)!]) {
      const scans = scansOf(await explain(project.id), "issues");
      expect(scans.map((s) => s.type)).not.toContain("Seq Scan");
      expect(scans.some((s) => s.index !== null)).toBe(true);
    }
    expect(projects.at(-1)!.n).toBeGreaterThan(5000);
  });
});
