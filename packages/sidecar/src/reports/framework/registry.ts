/**
 * The tools a process knows: the built-ins plus any a deployment plugs in. Lookups of an
 * unknown name fail with the list of known ones.
 */
import type { AnyReportTool } from "../contract/contract.js";
import { ReportError } from "../errors.js";

const TOOL_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export class ToolRegistry {
  readonly #tools = new Map<string, AnyReportTool>();

  constructor(tools: Iterable<AnyReportTool>) {
    for (const tool of tools) {
      if (!TOOL_NAME.test(tool.name)) {
        throw new ReportError(
          "E_REPORT_TOOL",
          `tool name "${tool.name}": use kebab-case [a-z0-9-], up to 63`,
        );
      }
      if (this.#tools.has(tool.name)) {
        throw new ReportError("E_REPORT_TOOL", `two tools are named "${tool.name}"; rename one`);
      }
      this.#tools.set(tool.name, tool);
    }
  }

  /** The tool named `name`, or E_REPORT_UNKNOWN_TOOL naming the known tools. */
  get(name: string, where = "path.tool"): AnyReportTool {
    const tool = this.#tools.get(name);
    if (tool) return tool;
    throw new ReportError(
      "E_REPORT_UNKNOWN_TOOL",
      `unknown report tool "${name}"; the tools are: ${this.names().join(", ") || "(none)"}`,
      { where },
    );
  }

  names(): string[] {
    return [...this.#tools.keys()].sort();
  }

  list(): AnyReportTool[] {
    return this.names().map((name) => this.#tools.get(name)!);
  }
}
