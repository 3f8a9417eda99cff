/**
 * A throwaway tenant database holding a given model `Dataset` (the evaluator's fixture, or
 * one built for a test), with the tenant's zone and week start set. What the tests
 * compare is always read back with `loadDataset`.
 */
import type { Dataset } from "../../../packages/jql/src/model.js";
import { writeDataset } from "../../../packages/sidecar/src/db/dataset-writer.js";
import { migrate } from "../../../packages/sidecar/src/db/migrate.js";
import { writeTenantSettings } from "../../../packages/sidecar/src/db/settings.js";
import { createTestDatabase, type TestDatabase } from "../../support/pg.js";

export interface Calendar {
  readonly timeZone: string;
  readonly weekStart?: 0 | 1;
}

export async function createDatasetDatabase(
  prefix: string,
  dataset: Dataset,
  calendar: Calendar,
): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  try {
    await migrate(db.sql);
    await writeTenantSettings(db.sql, { timeZone: calendar.timeZone, weekStart: calendar.weekStart ?? 1 });
    await writeDataset(db.sql, dataset);
    return db;
  } catch (error) {
    await db.drop();
    throw error;
  }
}
