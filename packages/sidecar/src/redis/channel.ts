/**
 * Messages on a tenant's versions channel (`versionChannel(tenant)`), published by the
 * scripts as "<subscriptionId> <version> <state>". One Redis subscription per tenant serves
 * version pushes and wakes the waiters of a populate.
 */
import { invalidArgument } from "./errors.js";
import { describe } from "./values.js";

export type AnnouncedState = "fresh" | "stale" | "tooLarge" | "populating";

export interface VersionMessage {
  readonly subscriptionId: string;
  readonly version: number;
  readonly state: AnnouncedState;
}

const MESSAGE = /^([a-z0-9_-]{1,64}) (\d{1,16}) (fresh|stale|tooLarge|populating)$/;

export function parseVersionMessage(message: string): VersionMessage {
  const match = MESSAGE.exec(message);
  if (match === null) {
    throw invalidArgument(
      "message",
      `expected "<subscriptionId> <version> <state>", got ${describe(message)}`,
    );
  }
  return { subscriptionId: match[1]!, version: Number(match[2]), state: match[3] as AnnouncedState };
}
