/**
 * The process's one Redis subscriber. Every tenant channel carries
 * "<subscriptionId> <version> <state>" (commits, events) and "* <version> config"
 * (configuration changes). The hub turns them into:
 *  - populate waiters woken by the commit's publish (no polling storm);
 *  - watchers (SSE) told of every version change;
 *  - the L1 tier: recent subscription versions and each tenant's configuration version,
 *    trusted only for a short time and only while the subscriber is connected, so a
 *    missed message cannot keep an old version alive;
 *  - a configuration callback (the engine reloads the tenant's catalog).
 */
import { versionChannel } from "../redis/index.js";

export interface VersionEvent {
  readonly tenant: string;
  /** Subscription id, or "*" for the tenant configuration version. */
  readonly id: string;
  readonly version: number;
  readonly state: string;
}

type Listener = (event: VersionEvent) => void;

/** What the hub needs of an ioredis client in subscriber mode. */
export interface SubscriberClient {
  readonly status: string;
  subscribe(channel: string): Promise<unknown>;
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  disconnect(): void;
}

interface Known {
  readonly version: number;
  readonly state: string;
  readonly at: number;
}

export interface HubOptions {
  /** How long an L1 entry is trusted. */
  readonly l1TtlMs: number;
  readonly clock?: () => number;
  /** `state` "config": the configuration changed; "recovery": only the version moved. */
  readonly onConfig?: (tenant: string, version: number, state: string) => void;
}

export class Hub {
  private readonly tenants = new Map<string, Promise<void>>();
  private readonly channels = new Map<string, string>(); // channel → tenant
  private readonly listeners = new Map<string, Set<Listener>>(); // "tenant id" → listeners
  private readonly known = new Map<string, Known>();
  private readonly clock: () => number;

  constructor(
    private readonly subscriber: SubscriberClient,
    private readonly options: HubOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    subscriber.on("message", (channel, message) => this.receive(channel, message));
  }

  /** Subscribes to the tenant's channel once; resolves when the subscription is active. */
  ensureTenant(tenant: string): Promise<void> {
    let pending = this.tenants.get(tenant);
    if (!pending) {
      const channel = versionChannel(tenant);
      this.channels.set(channel, tenant);
      pending = this.subscriber.subscribe(channel).then(() => undefined);
      pending.catch(() => this.tenants.delete(tenant));
      this.tenants.set(tenant, pending);
    }
    return pending;
  }

  /** Calls `listener` for every message about (tenant, id); returns the unsubscribe function. */
  listen(tenant: string, id: string, listener: Listener): () => void {
    const key = `${tenant} ${id}`;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /**
   * Resolves with the first message about (tenant, id) whose state is not "populating", or
   * null after `timeoutMs` or when `signal` aborts.
   */
  waitForCommit(
    tenant: string,
    id: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<VersionEvent | null> {
    return new Promise((resolve) => {
      const finish = (event: VersionEvent | null) => {
        clearTimeout(timer);
        stop();
        signal?.removeEventListener("abort", onAbort);
        resolve(event);
      };
      const onAbort = () => finish(null);
      const stop = this.listen(tenant, id, (event) => {
        if (event.state !== "populating") finish(event);
      });
      const timer = setTimeout(() => finish(null), timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** A recently announced version of (tenant, id), when the L1 tier may be trusted. */
  recent(tenant: string, id: string): Known | undefined {
    if (this.subscriber.status !== "ready") return undefined;
    const known = this.known.get(`${tenant} ${id}`);
    if (!known || this.clock() - known.at > this.options.l1TtlMs) return undefined;
    return known;
  }

  /** Records a version read from Redis, so later version polls can be answered from L1. */
  remember(tenant: string, id: string, version: number, state: string): void {
    const key = `${tenant} ${id}`;
    const existing = this.known.get(key);
    if (existing && existing.version > version) return;
    this.known.set(key, { version, state, at: this.clock() });
    if (this.known.size > 100_000) this.known.delete(this.known.keys().next().value as string);
  }

  /**
   * A newer version this process wrote itself (an event it ingested): its own polls see it
   * before the channel echoes it. The state and the entry's age are kept (the message
   * brings the state); nothing is recorded for a subscription L1 does not know.
   */
  advance(tenant: string, id: string, version: number): void {
    const key = `${tenant} ${id}`;
    const existing = this.known.get(key);
    if (existing && existing.version < version) this.known.set(key, { ...existing, version });
  }

  close(): void {
    this.subscriber.disconnect();
    this.listeners.clear();
  }

  private receive(channel: string, message: string): void {
    const tenant = this.channels.get(channel);
    if (tenant === undefined) return;
    const [id, versionText, state] = message.split(" ");
    const version = Number(versionText);
    if (!id || !state || !Number.isSafeInteger(version)) return;
    const event: VersionEvent = { tenant, id, version, state };
    this.remember(tenant, id, version, state);
    if (id === "*") this.options.onConfig?.(tenant, version, state);
    const set = this.listeners.get(`${tenant} ${id}`);
    if (set) for (const listener of [...set]) listener(event);
  }
}
