/** `subq sub show <id> --tenant acme [--sample 20] [--json]`: one subscription in full. */
import type { Command } from "commander";
import type { SubscriptionInspection } from "../../engine/subscription-info.js";
import { wholeNumberAtLeast } from "../arguments.js";
import { formatDuration, table } from "../operator.js";
import {
  inspect,
  STATE_LABEL,
  type SubscriptionCommandContext,
  subscriptionId,
  TENANT_OPTION,
} from "./shared.js";

export function registerShowCommand(sub: Command, context: SubscriptionCommandContext): void {
  sub
    .command("show")
    .description(
      "one subscription: state, version, size, age, Stage 1, metadata, position, lock, a member sample",
    )
    .argument(
      "<id>",
      "subscription id (see `subq sub ls`, or `subscription` in GET …/explain)",
      subscriptionId,
    )
    .requiredOption(...TENANT_OPTION)
    .option("--sample <n>", "member ids to show (random sample)", wholeNumberAtLeast(0), 10)
    .option("--json", "print JSON")
    .action((id: string, flags: { sample: number; json?: boolean }, command: Command) =>
      context.withStore(command, async (store, { tenant }) => {
        const found = await inspect(store, tenant, id, flags.sample);
        if (flags.json) {
          context.out(JSON.stringify(detail(found), null, 2));
          return;
        }
        for (const line of table(detailRows(found, store.options.maxMembers))) context.out(line);
      }),
    );
}

/** The text form: one labelled row per property. */
function detailRows(found: SubscriptionInspection, maxMembers: number): string[][] {
  const { info, meta } = found;
  const metadata = Object.entries(info.metadata);
  return [
    ["subscription", `${info.tenant}/${info.id}`],
    ["state", STATE_LABEL[info.state] + (meta.stale ? " (an event arrived since the last refresh)" : "")],
    ["version", String(info.version)],
    [
      "size",
      info.state === "tooLarge"
        ? `at least ${info.size} ids, over store.maxMembers ${maxMembers} (not stored)`
        : String(info.size),
    ],
    ["age", formatDuration(info.ageMs)],
    ["expires in", `${formatDuration(found.expiresInMs)} unless read`],
    ["created", iso(meta.createdAt)],
    ["refreshed", iso(meta.refreshedAt)],
    ["last read", iso(meta.lastReadAt)],
    ["position", info.position ?? "-"],
    [
      "lock",
      found.lockTtlMs === null
        ? "free"
        : `held, ${formatDuration(found.lockTtlMs)} left (populate or refresh running)`,
    ],
    ["stage 1", info.stage1 === null ? "-" : info.stage1 || "(all issues)"],
    [
      "metadata",
      metadata.length === 0
        ? "(unconstrained: every event matches)"
        : metadata.map(([field, values]) => `${field} ∈ {${values.join(", ")}}`).join("; "),
    ],
    ["sample", info.sample.length === 0 ? "(no members)" : info.sample.join(" ")],
  ];
}

/** The `--json` form: the subscription with its meta hash's bookkeeping. */
function detail({ info, meta, expiresInMs, lockTtlMs }: SubscriptionInspection) {
  return {
    ...info,
    expiresInMs,
    lockTtlMs,
    staleFlag: meta.stale,
    createdAt: meta.createdAt,
    refreshedAt: meta.refreshedAt,
    committedAt: meta.committedAt,
    lastReadAt: meta.lastReadAt,
    gen: meta.gen,
    dataGen: meta.dataGen,
    seq: meta.seq,
  };
}

function iso(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString();
}
