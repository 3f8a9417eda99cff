/**
 * Every Redis key and channel name subq uses is built here; Lua scripts only receive them.
 * The layout is documented in docs/redis-layout.md.
 *
 *   subq:{<tenant>:<subscription>}:meta | members | lock | journal | personal | reads | s2:...
 *   subq:{<tenant>}:idx:<field>:<value> | idx:all                          the tenant's slot
 *   subq:{<tenant>}:versions                                               pub/sub channel
 *   subq:{<tenant>}:lease:<role>                                           tenant-level lease
 *
 * Never use an ioredis `keyPrefix` with these: scripts would see different names than the
 * ones documented, and hash tags would no longer be where the cluster expects them.
 */
import { invalidArgument } from "./errors.js";
import { describe } from "./values.js";

export const KEY_PREFIX = "subq:";

/** A subscription: its tenant and its id (a hash of tenant and normalized Stage 1 text). */
export interface SubscriptionRef {
  readonly tenant: string;
  readonly id: string;
}

export interface SubscriptionKeys {
  /** Hash: version, gen, seq, stale, refreshedAt, count, tooLarge, stage1, metadata, ... */
  readonly meta: string;
  /** Set of issue ids (decimal strings). */
  readonly members: string;
  /** String: the owner token of the running populate or refresh. */
  readonly lock: string;
  /** List of patches ("<seq> +<id>") made while a lock existed. */
  readonly journal: string;
  /** Hash "<field>:<user>" → that user's personal version (lua/includes/personal.lua). */
  readonly personal: string;
  /** Set of the fields the subscription's Stage 2 queries read (lua/registerReads-2.lua). */
  readonly reads: string;
}

/** The per-user Stage 2 cache entry of one page of one subscription version. */
export interface Stage2KeyParts {
  /** Hash of the normalized Stage 2 query (lowercase hex or base36). */
  readonly stage2Hash: string;
  /** Permission class (users with identical effective grants) or user id. */
  readonly permissionClass: string;
  readonly version: number;
  readonly page: number;
}

const NAME = /^[a-z0-9_-]{1,64}$/;
const FIELD = /^[a-z][a-z0-9_]{0,63}$/;
const HASH = /^[a-z0-9]{1,64}$/;

export function checkTenant(tenant: string): string {
  return checkName(tenant, "tenant");
}

export function checkSubscriptionId(id: string): string {
  return checkName(id, "subscription id");
}

export function checkRef(ref: SubscriptionRef): SubscriptionRef {
  checkTenant(ref.tenant);
  checkSubscriptionId(ref.id);
  return ref;
}

export function subscriptionKeys(ref: SubscriptionRef): SubscriptionKeys {
  const base = `${KEY_PREFIX}{${checkTenant(ref.tenant)}:${checkSubscriptionId(ref.id)}}:`;
  return {
    meta: `${base}meta`,
    members: `${base}members`,
    lock: `${base}lock`,
    journal: `${base}journal`,
    personal: `${base}personal`,
    reads: `${base}reads`,
  };
}

export function stage2Key(ref: SubscriptionRef, parts: Stage2KeyParts): string {
  const { stage2Hash, permissionClass, version, page } = parts;
  if (!HASH.test(stage2Hash)) {
    throw invalidArgument(
      "stage2Hash",
      `expected 1-64 characters [a-z0-9] (a hex or base36 digest), got ${describe(stage2Hash)}`,
    );
  }
  if (permissionClass.length === 0 || permissionClass.length > 200) {
    throw invalidArgument("permissionClass", `expected 1-200 characters, got ${describe(permissionClass)}`);
  }
  if (!Number.isSafeInteger(version) || version < 0) {
    throw invalidArgument(
      "version",
      `expected the subscription version (an integer >= 0), got ${describe(version)}`,
    );
  }
  if (!Number.isSafeInteger(page) || page < 0) {
    throw invalidArgument("page", `expected a page number (an integer >= 0), got ${describe(page)}`);
  }
  const cls = encodeURIComponent(permissionClass);
  return `${KEY_PREFIX}{${checkTenant(ref.tenant)}:${checkSubscriptionId(ref.id)}}:s2:${stage2Hash}:${cls}:${version}:${page}`;
}

/** The event-index set of one metadata value (values are URI-encoded: `Waiting%20for%20support`). */
export function indexKey(tenant: string, field: string, value: string): string {
  if (!FIELD.test(field)) {
    throw invalidArgument(
      "field",
      `expected a metadata field name like "project" ([a-z][a-z0-9_]*), got ${describe(field)}`,
    );
  }
  if (value.length === 0) {
    throw invalidArgument("value", `metadata values are non-empty (field ${field})`);
  }
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:idx:${field}:${encodeURIComponent(value)}`;
}

/** The event-index set of subscriptions that constrain none of the indexed fields. */
export function indexAllKey(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:idx:all`;
}

/** The tenant's pub/sub channel of "<subscriptionId> <version> <state>" messages. */
export function versionChannel(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:versions`;
}

/** The tenant's configuration version (hash: version, changedAt); see config-version.ts. */
export function configKey(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:config`;
}

/** A tenant-level lease (string: the holder's token), e.g. role `listener`; see tenant-lease.ts. */
export function tenantLeaseKey(tenant: string, role: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:lease:${checkName(role, "lease role")}`;
}

/** A SCAN MATCH pattern for the meta hashes of every subscription of one tenant. */
export function subscriptionMetaPattern(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}:*}:meta`;
}

/** The subscription id in a meta key built by `subscriptionKeys`. */
export function subscriptionIdOfMetaKey(key: string): string | undefined {
  return /^subq:\{[a-z0-9_-]+:([a-z0-9_-]+)\}:meta$/.exec(key)?.[1];
}

/** A SCAN MATCH pattern for every key of one subscription (meta, members, lock, journal, personal, reads, s2:...). */
export function subscriptionKeyPattern(ref: SubscriptionRef): string {
  return `${KEY_PREFIX}{${checkTenant(ref.tenant)}:${checkSubscriptionId(ref.id)}}:*`;
}

/** A SCAN MATCH pattern for the tenant's event-index sets (`idx:<field>:<value>` and `idx:all`). */
export function indexKeyPattern(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}}:idx:*`;
}

/** A SCAN MATCH pattern for every key of one tenant (subscription and tenant keys). */
export function tenantKeyPattern(tenant: string): string {
  return `${KEY_PREFIX}{${checkTenant(tenant)}[}:]*`;
}

function checkName(value: string, what: string): string {
  if (typeof value !== "string" || !NAME.test(value)) {
    throw invalidArgument(what, `expected 1-64 characters [a-z0-9_-], got ${describe(value)}`);
  }
  return value;
}

/** A user's entry in a subscription's personal hash: "<field>:<user>" (`assignee:u0042`). */
export function personalEntry(field: string, user: string): string {
  if (!FIELD.test(field)) throw invalidArgument("field", `expected a field name, got ${describe(field)}`);
  return `${field}:${user}`;
}
