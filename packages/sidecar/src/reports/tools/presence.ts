/**
 * The shape every built-in tool shares: an entity is *used* by an issue that holds it
 * (a field value, a component, a version, a status) and was updated in the window, or by
 * a recorded use inside the window (a status transition). Per entity, batches contribute
 * how many issues hold it (all time and in the window) and the latest instant of a use;
 * Finalise lists the candidate entities of the scope and calls those without a use since
 * the window's start unused, saying why.
 */
import type { ReportTool } from "../contract/contract.js";
import { presenceRows } from "./presence-rows.js";
import type { PresenceSpec } from "./presence-spec.js";
import { parseWindowParams, WINDOW_PARAM_DOCS, type WindowParams, windowStartMs } from "./window-params.js";

export type { Candidate, PresenceSpec } from "./presence-spec.js";

export function presenceTool(spec: PresenceSpec): ReportTool<WindowParams> {
  const { key } = spec;
  return {
    name: spec.name,
    description: spec.description,
    entityType: spec.entityType,
    params: WINDOW_PARAM_DOCS,
    facets: spec.facets,
    parseParams: parseWindowParams,
    contribute(issues, run, out) {
      const start = windowStartMs(run.asOfMs, run.params);
      // Counter names per entity, built once per batch rather than once per value.
      const names = new Map<number, { all: string; window: string; last: string }>();
      const namesOf = (id: number) => {
        let entity = names.get(id);
        if (!entity) {
          entity = { all: `${key}:${id}:all`, window: `${key}:${id}:window`, last: `${key}:${id}:last` };
          names.set(id, entity);
        }
        return entity;
      };
      const projects = new Set<number>();
      let recentIssues = 0;
      for (const issue of issues) {
        const recent = issue.updatedMs >= start;
        if (recent) recentIssues++;
        projects.add(issue.projectId);
        for (const id of new Set(spec.held(issue))) {
          const entity = namesOf(id);
          out.sum(entity.all, 1);
          if (recent) out.sum(entity.window, 1);
          out.max(entity.last, issue.updatedMs);
        }
        for (const [id, atMs] of spec.usedAt?.(issue) ?? []) out.max(namesOf(id).last, atMs);
      }
      for (const project of projects) out.max(`project:${project}`, 1);
      out.sum("issues:all", issues.length);
      out.sum("issues:window", recentIssues);
    },
    async finalise(merged, run) {
      const seen = merged.keys("max", "project:").map(Number);
      const candidates = await spec.candidates(run.db, run.scope, seen);
      return presenceRows(spec, candidates, merged, run);
    },
  };
}
