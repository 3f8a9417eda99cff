/** `subq sub drop <id> --tenant acme`: delete a subscription; the next search populates it. */
import type { Command } from "commander";
import { dropSubscription } from "../../redis/index.js";
import { notFound, type SubscriptionCommandContext, subscriptionId, TENANT_OPTION } from "./shared.js";

export function registerDropCommand(sub: Command, context: SubscriptionCommandContext): void {
  sub
    .command("drop")
    .description(
      "delete a subscription's keys (members, meta, lock, journal, Stage 2 cache) and its event-index entries; " +
        "the next search populates it again",
    )
    .argument("<id>", "subscription id", subscriptionId)
    .requiredOption(...TENANT_OPTION)
    .action((id: string, _flags: unknown, command: Command) =>
      context.withStore(command, async (store, { tenant }) => {
        const result = await dropSubscription(store, { tenant, id });
        if (result.deletedKeys === 0 && result.indexEntries === 0) throw notFound(tenant, id);
        context.out(
          `${tenant}/${id}: dropped ${result.deletedKeys} key${result.deletedKeys === 1 ? "" : "s"} and ` +
            `${result.indexEntries} event-index entr${result.indexEntries === 1 ? "y" : "ies"}`,
        );
      }),
    );
}
