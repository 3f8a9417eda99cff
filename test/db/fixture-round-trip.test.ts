import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureDataset } from "../../packages/jql/src/testing/fixture-dataset.js";
import { loadDataset } from "../../packages/sidecar/src/db/dataset.js";
import { writeDataset } from "../../packages/sidecar/src/db/dataset-writer.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

/** The evaluator's hand-made fixture (packages/jql) fits the schema and comes back unchanged. */
describe("the jql fixture dataset through Postgres", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("fixture");
    await migrate(db.sql);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("writes and loads back exactly", async () => {
    await writeDataset(db.sql, fixtureDataset);
    expect(await loadDataset(db.sql)).toEqual(fixtureDataset);
  });
});
