/** `subq sub ls --tenant acme [--json]`: the tenant's subscriptions, one line each. */
import type { Command } from "commander";
import type { SubscriptionInspection } from "../../engine/subscription-info.js";
import { type Store, scanSubscriptions } from "../../redis/index.js";
import { formatDuration, table } from "../operator.js";
import { readInspection, STATE_LABEL, type SubscriptionCommandContext, TENANT_OPTION } from "./shared.js";

export function registerLsCommand(sub: Command, context: SubscriptionCommandContext): void {
  sub
    .command("ls")
    .description("list the tenant's subscriptions: id, state, version, size, age, expiry, Stage 1")
    .requiredOption(...TENANT_OPTION)
    .option("--json", "print a JSON array")
    .action((flags: { json?: boolean }, command: Command) =>
      context.withStore(command, async (store, { tenant }) => {
        const found = await inspectAll(store, tenant);
        if (flags.json) context.out(JSON.stringify(found.map(summary), null, 2));
        else printList(context.out, tenant, found);
      }),
    );
}

/** Every subscription of the tenant, read at once. */
async function inspectAll(store: Store, tenant: string): Promise<SubscriptionInspection[]> {
  // All reads at once: ioredis pipelines them, so a tenant's thousands of
  // subscriptions cost a few round trips, not four each.
  const inspections = await Promise.all(
    (await scanSubscriptions(store, tenant)).map((id) => readInspection(store, tenant, id, 0)),
  );
  // undefined: expired between SCAN and read
  return inspections.filter((i): i is SubscriptionInspection => i !== undefined);
}

function printList(
  out: (line: string) => void,
  tenant: string,
  found: readonly SubscriptionInspection[],
): void {
  if (found.length === 0) {
    out(`tenant ${tenant} has no subscriptions in Redis (none used within the idle TTL, or another Redis)`);
    return;
  }
  const rows = found.map(({ info, expiresInMs }) => [
    info.id,
    STATE_LABEL[info.state],
    String(info.version),
    info.state === "tooLarge" ? `≥${info.size}` : String(info.size),
    formatDuration(info.ageMs),
    formatDuration(expiresInMs),
    info.stage1 === null ? "-" : info.stage1 === "" ? "(all issues)" : info.stage1,
  ]);
  for (const line of table([["ID", "STATE", "VERSION", "SIZE", "AGE", "EXPIRES IN", "STAGE 1"], ...rows]))
    out(line);
  out(`${found.length} subscription${found.length === 1 ? "" : "s"}`);
}

/** One element of `--json`: the subscription without its member sample. */
function summary({ info, expiresInMs, lockTtlMs }: SubscriptionInspection) {
  const { sample: _sample, ...rest } = info;
  return { ...rest, expiresInMs, locked: lockTtlMs !== null };
}
