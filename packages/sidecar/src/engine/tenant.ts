/**
 * One tenant as the engine sees it: its catalog-dependent view (resolver for planning,
 * database adapter for execution) with a generation that moves whenever the catalog is
 * reloaded, so plans made against an older catalog are not reused. Reloads happen on
 * configuration events (in every process, via the tenant channel) and after a maximum age,
 * which bounds the damage of a lost event.
 */
import type { Catalog, CatalogResolver } from "@subq/jql";
import { SubqError } from "../errors.js";
import type { TenantDatabase } from "./tenant-database.js";

export interface TenantView {
  readonly tenant: string;
  readonly generation: number;
  readonly resolver: CatalogResolver;
  readonly database: TenantDatabase;
  /** The configuration the view was built from (the evaluator reads it for event patches). */
  readonly catalog: Catalog;
  /** The tenant's IANA time zone. */
  readonly timeZone: string;
}

/** Where views come from: loads the catalog and builds a database adapter over one shared connection. */
export interface TenantSource {
  load(generation: number): Promise<Omit<TenantView, "generation" | "tenant">>;
  /** Closes the shared connection. */
  close(): Promise<void>;
}

export class Tenant {
  private view: TenantView | null = null;
  private loading: Promise<TenantView> | null = null;
  private loadedAt = 0;
  private invalidated = false;
  /** Moves on every invalidate(); a load remembers the epoch it began in. */
  private epoch = 0;
  private loadingEpoch = -1;
  private generation = 0;

  constructor(
    readonly name: string,
    private readonly source: TenantSource,
    private readonly maxAgeMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The current view, loading it when there is none or a configuration change invalidated
   * it; concurrent callers share a load. A view that is only old is served while it reloads
   * in the background: a search must not wait on the catalog (nor hang on a database that
   * went away) because a minute passed.
   */
  current(): Promise<TenantView> {
    const view = this.view;
    if (view && !this.invalidated) {
      if (this.clock() - this.loadedAt >= this.maxAgeMs) void this.reload().catch(() => {});
      return Promise.resolve(view);
    }
    return this.reload();
  }

  /**
   * One load at a time, shared by its callers; but a load that began before the last
   * configuration change may have read the old configuration, so a caller after the change
   * waits for a load that begins after the one in flight.
   */
  private reload(): Promise<TenantView> {
    if (this.loading && this.loadingEpoch === this.epoch) return this.loading;
    const before = this.loading;
    const generation = ++this.generation;
    this.invalidated = false;
    this.loadingEpoch = this.epoch;
    const start = () => this.source.load(generation);
    const load = (before ? before.catch(() => {}).then(start) : start())
      .then((loaded) => {
        const next: TenantView = { tenant: this.name, generation, ...loaded };
        this.view = next;
        this.loadedAt = this.clock();
        return next;
      })
      .finally(() => {
        if (this.loading === load) this.loading = null;
      });
    this.loading = load;
    return load;
  }

  /** The view if one is loaded (even if old), without waiting. */
  peek(): TenantView | null {
    return this.view;
  }

  /** The next `current()` reloads the catalog (and waits for it). */
  invalidate(): void {
    this.invalidated = true;
    this.epoch++;
  }

  async close(): Promise<void> {
    this.view = null;
    await this.source.close();
  }
}

export class TenantDirectory {
  private readonly tenants: ReadonlyMap<string, Tenant>;

  constructor(tenants: readonly Tenant[]) {
    this.tenants = new Map(tenants.map((t) => [t.name, t]));
  }

  get(name: string): Tenant {
    const tenant = this.tenants.get(name);
    if (!tenant) {
      const known = [...this.tenants.keys()].join(", ") || "none";
      throw new SubqError("E_UNKNOWN_TENANT", `unknown tenant '${name}' (configured tenants: ${known})`, {
        tenant: name,
      });
    }
    return tenant;
  }

  names(): readonly string[] {
    return [...this.tenants.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.tenants.values()].map((t) => t.close()));
  }
}
