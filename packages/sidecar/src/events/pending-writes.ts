/**
 * The writes a batch of issue events will make, gathered before any is made: membership
 * patches keyed by subscription and issue, and version moves keyed by subscription, each
 * with whose personal answers it moves. Pure: no I/O.
 */
import type { MembershipPatch } from "../redis/index.js";

/** The users whose personal answers a change moves ("<field>:<user>"); undefined: anyone's. */
export type Personal = readonly string[] | undefined;

/** Whose personal answers two changes move together; undefined (anyone's) wins. */
export function unionOf(a: Personal, b: Personal): Personal {
  return a === undefined || b === undefined ? undefined : [...new Set([...a, ...b])];
}

/** Version moves per subscription, each for everyone whose answers any of its changes moved. */
export class VersionMoves implements Iterable<[string, Personal]> {
  private readonly moves = new Map<string, Personal>();

  add(id: string, personal: Personal): void {
    this.moves.set(id, this.moves.has(id) ? unionOf(this.moves.get(id), personal) : personal);
  }

  [Symbol.iterator](): IterableIterator<[string, Personal]> {
    return this.moves.entries();
  }
}

export interface PendingPatch {
  readonly patch: MembershipPatch;
  /** Must the version move even if the issue stays a member (touched.ts)? */
  readonly moves: boolean;
}

/** Membership patches, one per subscription and issue, in the order first met. */
export class PatchBook {
  private readonly order: PendingPatch[] = [];
  /** Subscription id → issue id → place in `order`. */
  private readonly places = new Map<string, Map<string, number>>();

  /** Of several events for one issue the last says where it is; all say whose answers moved. */
  add(patch: MembershipPatch & { readonly issueId: string }, moves: boolean): void {
    const places = this.placesOf(patch.id);
    const place = places.get(patch.issueId);
    if (place === undefined) {
      places.set(patch.issueId, this.order.length);
      this.order.push({ patch, moves });
      return;
    }
    const earlier = this.order[place]!;
    const personal = unionOf(earlier.patch.personal, patch.personal);
    this.order[place] = { patch: { ...patch, personal }, moves: earlier.moves || moves };
  }

  /** The patches of subscriptions not marked stale, in the order first met. */
  without(stale: ReadonlySet<string>): PendingPatch[] {
    return this.order.filter(({ patch }) => !stale.has(patch.id));
  }

  private placesOf(id: string): Map<string, number> {
    let places = this.places.get(id);
    if (!places) {
      places = new Map();
      this.places.set(id, places);
    }
    return places;
  }
}
