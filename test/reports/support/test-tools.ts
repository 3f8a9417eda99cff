/**
 * Report tools for fault tests: the built-in unused-custom-fields logic under other
 * names, with failures injected. Their reports must equal the built-in tool's.
 *
 * `tools` is what a child worker loads with `subq report worker --tools <this file>`,
 * with the example tool of docs/reports.md.
 */
import { writeFileSync } from "node:fs";
import type { AnyReportTool } from "../../../packages/sidecar/src/reports/contract/contract.js";
import { presenceTool } from "../../../packages/sidecar/src/reports/index.js";
import { unusedCustomFields } from "../../../packages/sidecar/src/reports/tools/builtin.js";

const base = unusedCustomFields as AnyReportTool;

/** Throws on the first attempt of every batch (told apart by its first issue). */
export function flakyTool(name = "test-flaky-fields"): AnyReportTool & { readonly failures: () => number } {
  const failed = new Set<string>();
  return {
    ...base,
    name,
    failures: () => failed.size,
    contribute(issues, run, out) {
      const first = issues[0]?.id ?? "empty";
      if (!failed.has(first)) {
        failed.add(first);
        throw new Error(`injected failure of the batch starting at issue ${first}`);
      }
      base.contribute(issues, run, out);
    },
  };
}

/** Per-run gates that Finalise waits at (after reading the merged state) until released. */
export class FinaliseGates {
  readonly #gates = new Map<
    string,
    { arrivals: number; arrived: () => void; wait: Promise<void>; open: () => void; reached: Promise<void> }
  >();

  #gate(runId: string) {
    let gate = this.#gates.get(runId);
    if (!gate) {
      let open!: () => void;
      let arrived!: () => void;
      const wait = new Promise<void>((resolve) => {
        open = resolve;
      });
      const reached = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      gate = { arrivals: 0, arrived, wait, open, reached };
      this.#gates.set(runId, gate);
    }
    return gate;
  }

  /** Resolves once `count` Finalises of the run wait at its gate. */
  async arrived(runId: string, count = 1): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (this.#gate(runId).arrivals < count) {
      if (Date.now() > deadline) throw new Error(`run ${runId}: ${count} finalises never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  release(runId: string): void {
    this.#gate(runId).open();
  }

  async pass(runId: string): Promise<void> {
    const gate = this.#gate(runId);
    gate.arrivals++;
    gate.arrived();
    await gate.wait;
  }
}

export function gatedTool(gates: FinaliseGates, name = "test-gated-fields"): AnyReportTool {
  return {
    ...base,
    name,
    async finalise(merged, run) {
      const rows = await base.finalise(merged, run);
      await gates.pass(run.runId);
      return rows;
    },
  };
}

/**
 * In a child worker with SUBQ_TEST_STALL_MARKER set: the first batch this process gets
 * writes the marker file, then spins (the event loop stops: no lock renewal, no
 * progress) until the process is killed.
 */
function stallTool(): AnyReportTool {
  let stalled = false;
  return {
    ...base,
    name: "test-stall-fields",
    contribute(issues, run, out) {
      const marker = process.env.SUBQ_TEST_STALL_MARKER;
      if (marker && !stalled) {
        stalled = true;
        writeFileSync(marker, `${process.pid} ${issues[0]?.id}\n`);
        const until = Date.now() + 60_000;
        while (Date.now() < until) {
          // Spin: a worker stuck mid-batch.
        }
      }
      base.contribute(issues, run, out);
    },
  };
}

/** The example of docs/reports.md ("Writing a tool"), as written there. */
export const unusedIssueTypes = presenceTool({
  name: "unused-issue-types",
  description: "issue types no issue in scope was updated with in the window",
  entityType: "issue_type",
  key: "it",
  facets: [],
  held: (issue) => [issue.issueTypeId],
  candidates: async (db) =>
    (await db`SELECT id, name FROM issue_types`).map((r) => ({ id: r.id, label: `'${r.name}'` })),
  phrase: (type) => `been of type ${type.label}`,
});

export const tools: AnyReportTool[] = [stallTool(), unusedIssueTypes as AnyReportTool];
