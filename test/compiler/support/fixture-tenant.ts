/**
 * A test file's own tenant holding a model dataset (by default the fixture with its
 * edge-case history), in the fixture's zone: created before the file's tests, dropped
 * after them; `onOpen` receives its harness.
 */
import { afterAll, beforeAll } from "vitest";
import type { Dataset } from "../../../packages/jql/src/model.js";
import type { TestDatabase } from "../../support/pg.js";
import { createDatasetDatabase } from "./dataset-db.js";
import { edgeFixture, FIXTURE_ZONE } from "./fixture.js";
import { type Harness, openHarness } from "./harness.js";

export function useFixtureTenant(
  prefix: string,
  onOpen: (harness: Harness) => void,
  dataset: Dataset = edgeFixture,
): void {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createDatasetDatabase(prefix, dataset, { timeZone: FIXTURE_ZONE });
    onOpen(await openHarness(db));
  });
  afterAll(async () => {
    await db?.drop();
  });
}
