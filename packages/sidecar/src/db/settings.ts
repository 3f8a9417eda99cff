/** The tenant's calendar settings (the one `tenant_settings` row). */
import type { Queryable } from "./connect.js";

export interface TenantSettings {
  /** IANA zone that date literals, `due` and startOfDay() are read in. */
  readonly timeZone: string;
  /** 0 = Sunday, 1 = Monday. */
  readonly weekStart: 0 | 1;
}

export async function loadTenantSettings(sql: Queryable): Promise<TenantSettings> {
  const [row] = await sql<{ timeZone: string; weekStart: number }[]>`
    SELECT time_zone AS "timeZone", week_start AS "weekStart" FROM tenant_settings`;
  if (!row) throw new Error("tenant_settings has no row; run `subq db migrate` on this tenant");
  return { timeZone: row.timeZone, weekStart: row.weekStart === 0 ? 0 : 1 };
}

/** Updates the given settings; the others keep their values. */
export async function writeTenantSettings(sql: Queryable, settings: Partial<TenantSettings>): Promise<void> {
  if (settings.timeZone !== undefined) await sql`UPDATE tenant_settings SET time_zone = ${settings.timeZone}`;
  if (settings.weekStart !== undefined)
    await sql`UPDATE tenant_settings SET week_start = ${settings.weekStart}`;
}
