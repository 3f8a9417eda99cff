/**
 * What a worker knows about a run, loaded from the run's row (the truth, in the tenant's
 * database) rather than from job data: tool, parameters, as-of time, and the scope
 * compiled again from its canonical text (canonical texts resolve to themselves). Kept
 * per process for the runs it works on, so a run costs one load per worker, not one per
 * batch; a failed load is not kept.
 */

import { parseScope, type ResolvedScope, scopeHash } from "../../contract/scope.js";
import { ReportError } from "../../errors.js";
import { loadRun } from "../../store/run-records.js";
import type { TenantDatabases } from "../../store/tenant-databases.js";
import type { RunRef } from "../jobs.js";
import { resolveScope } from "../scope-resolve.js";

export interface LoadedRun extends RunRef {
  readonly tool: string;
  readonly scope: ResolvedScope;
  /** scopeHash(scope.text): the scope part of the run's Redis keys. */
  readonly scopeDigest: string;
  /** As stored (complete, with defaults); the tool parses them again. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly asOfMs: number;
}

/** Runs worked at once by one process are few; beyond this many the oldest is forgotten. */
const KEPT = 256;

export class RunContexts {
  readonly #runs = new Map<string, Promise<LoadedRun>>();

  constructor(private readonly databases: TenantDatabases) {}

  get(ref: RunRef): Promise<LoadedRun> {
    const key = `${ref.tenant}\u0000${ref.runId}`;
    let loaded = this.#runs.get(key);
    if (!loaded) {
      loaded = this.#load(ref);
      loaded.catch(() => this.#runs.delete(key));
      this.#runs.set(key, loaded);
      if (this.#runs.size > KEPT) this.#runs.delete(this.#runs.keys().next().value!);
    }
    return loaded;
  }

  async #load(ref: RunRef): Promise<LoadedRun> {
    const db = this.databases.sql(ref.tenant);
    const run = await loadRun(db, ref.runId);
    if (!run) {
      throw new ReportError(
        "E_REPORT_RUN_NOT_FOUND",
        `report run ${ref.runId} of tenant ${ref.tenant} does not exist`,
      );
    }
    // The stored canonical text stays the report's identity (canonical texts resolve to themselves).
    const scope = { ...(await resolveScope(db, parseScope(run.scope))), text: run.scope };
    return {
      ...ref,
      tool: run.tool,
      scope,
      scopeDigest: scopeHash(run.scope),
      params: run.params,
      asOfMs: run.asOf.getTime(),
    };
  }
}
