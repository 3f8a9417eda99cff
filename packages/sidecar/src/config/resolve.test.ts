import { describe, expect, it } from "vitest";
import { resolveDbOptions } from "../db/connect.js";
import { ENGINE_DEFAULTS } from "../engine/context.js";
import { isSubqError, type SubqError } from "../errors.js";
import { STORE_DEFAULTS } from "../redis/options.js";
import type { SidecarOptions } from "./options.js";
import { CONFIG_REFERENCE } from "./reference.js";
import { resolveOptions } from "./resolve.js";

const TOKEN = "0123456789abcdef0123";

function problem(input: unknown, origins: Record<string, string> = {}): SubqError {
  try {
    resolveOptions(input as SidecarOptions, origins);
  } catch (error) {
    if (isSubqError(error, "E_CONFIG")) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

function leaves(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  const record = value as Record<string, unknown>;
  // Record-valued options (tokens, tenant list) are one option each.
  if (["auth.tokens", "auth.grants", "tenants.list"].includes(prefix)) return [prefix];
  return Object.keys(record).flatMap((key) => leaves(record[key], prefix ? `${prefix}.${key}` : key));
}

describe("resolveOptions defaults", () => {
  it("fills every option of CONFIG_REFERENCE and nothing else", () => {
    const options = resolveOptions();
    expect(leaves(options).sort()).toEqual(CONFIG_REFERENCE.map((spec) => spec.key).sort());
  });

  it("documents the brief's defaults and takes the layers' own", () => {
    const options = resolveOptions({});
    expect(options).toMatchObject({
      role: "all",
      host: "127.0.0.1",
      port: 7480,
      logLevel: "info",
      shutdownTimeoutMs: 10_000,
      redis: { url: "redis://127.0.0.1:6379", cluster: [], commandTimeoutMs: 2_000, connectTimeoutMs: 5_000 },
      tenants: { list: {}, file: null, databaseUrlTemplate: null, names: [] },
      auth: {
        tokens: {},
        grants: {},
        publicRoutes: ["healthz", "readyz", "metrics", "openapi"],
        disabled: false,
      },
      http: { maxBodyBytes: 1_048_576, maxEventsPerRequest: 1_000, watchHeartbeatMs: 15_000 },
      engine: {
        populateWaitMs: 10_000,
        coldPolicy: "direct",
        planCacheSize: 10_000,
        directConcurrency: 8,
        refreshConcurrencyPerTenant: 2,
        lastGoodTtlMs: 600_000,
        queue: "bullmq",
      },
    });
    expect(options.engine.populateWaitMs).toBe(ENGINE_DEFAULTS.populateWaitMs);
    const { clock: _clock, ...storeDefaults } = STORE_DEFAULTS;
    expect(options.store).toEqual(storeDefaults);
    const { applicationName: _name, ...dbDefaults } = resolveDbOptions({});
    expect(options.db).toEqual(dbDefaults);
  });

  it("returns a deeply frozen object that does not share the input's objects", () => {
    const input = { auth: { tokens: { billing: TOKEN } }, store: { indexFields: ["project"] } };
    const options = resolveOptions(input);
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.auth.tokens)).toBe(true);
    expect(Object.isFrozen(options.store.indexFields)).toBe(true);
    input.store.indexFields.push("status");
    expect(options.store.indexFields).toEqual(["project"]);
  });

  it("keeps given values and treats undefined as not given", () => {
    const options = resolveOptions({
      port: 0,
      role: "worker",
      engine: { coldPolicy: "error", queue: undefined },
    });
    expect(options.port).toBe(0);
    expect(options.role).toBe("worker");
    expect(options.engine.coldPolicy).toBe("error");
    expect(options.engine.queue).toBe("bullmq");
  });
});

describe("resolveOptions problems say where, what and how", () => {
  it("names the closest option for an unknown one, in its group or another", () => {
    expect(problem({ store: { stalenesBoundMs: 5 } }).message).toBe(
      'invalid configuration: unknown option "store.stalenesBoundMs" (did you mean "store.stalenessBoundMs"?); ' +
        "the options here are: store.stalenessBoundMs, store.idleTtlMs, store.readTouchIntervalMs, store.lockTtlMs, " +
        "store.maxMembers, store.tooLargeTtlMs, store.journalTtlMs, store.journalMaxEntries, store.stage2TtlMs, " +
        "store.sharedStage2TtlMs, " +
        "store.indexMarginMs, store.indexFields",
    );
    expect(problem({ stalenessBoundMs: 5 }).message).toContain('(did you mean "store.stalenessBoundMs"?)');
    expect(problem({ PORT: 1 }).message).toContain('unknown option "PORT" (did you mean "port"?)');
    expect(problem({ zzz: 1 }).message).not.toContain("did you mean");
    expect(problem({ zzz: 1 }).where).toBe("zzz");
  });

  it("names the origin of an unknown option", () => {
    expect(problem({ colour: 1 }, { colour: "config file a.json" }).message).toContain(
      'unknown option "colour" (from config file a.json)',
    );
  });

  it("says what a wrong value should be, what it was, and how to set it", () => {
    const error = problem({ port: "x" });
    expect(error.message).toBe(
      'invalid configuration: port: expected a whole number from 0 to 65535, got "x"; set port or SUBQ_PORT, e.g. SUBQ_PORT=7480',
    );
    expect(error.where).toBe("port");
    expect(error.code).toBe("E_CONFIG");
  });

  it("phrases the fix after the origin: environment or file", () => {
    expect(problem({ port: 70_000 }, { port: "SUBQ_PORT" }).message).toBe(
      "invalid configuration: port (from SUBQ_PORT): expected a whole number from 0 to 65535, got 70000; fix SUBQ_PORT, e.g. SUBQ_PORT=7480",
    );
    expect(
      problem({ store: { lockTtlMs: 0 } }, { "store.lockTtlMs": "config file /etc/subq.json" }).message,
    ).toBe(
      "invalid configuration: store.lockTtlMs (from config file /etc/subq.json): expected a whole number of milliseconds >= 1, " +
        'got 0; fix "store.lockTtlMs" in the config file /etc/subq.json, e.g. "lockTtlMs": 30000',
    );
  });

  it.each([
    [{ role: "both" }, 'role: expected one of "api", "worker", "all", got "both"'],
    [
      { host: "my host" },
      'host: expected a host name or IP address such as 127.0.0.1, 0.0.0.0 or ::, got "my host"',
    ],
    [
      { logLevel: "verbose" },
      'logLevel: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"',
    ],
    [{ shutdownTimeoutMs: 1.5 }, "shutdownTimeoutMs: expected a whole number of milliseconds >= 1, got 1.5"],
    [
      { redis: { url: "http://x" } },
      'redis.url: expected a redis:// or rediss:// URL such as redis://127.0.0.1:6379, got "http://x"',
    ],
    [
      { redis: { cluster: ["a:1", "b"] } },
      'redis.cluster: expected a list of Redis Cluster nodes "host:port"',
    ],
    [
      { redis: { commandTimeoutMs: -1 } },
      "redis.commandTimeoutMs: expected a whole number of milliseconds >= 1, got -1",
    ],
    [{ tenants: { file: "" } }, 'tenants.file: expected a non-empty string, got ""'],
    [
      { tenants: { databaseUrlTemplate: "postgres://h/db" } },
      "tenants.databaseUrlTemplate: expected a postgres:// URL template containing {tenant}",
    ],
    [
      { tenants: { names: ["Acme"] } },
      'tenants.names: invalid tenant name "Acme": tenant names are 1-40 lowercase letters',
    ],
    [
      { tenants: { list: { acme: { databaseUrl: "mysql://h/db" } } } },
      "tenants.list: the tenant list: acme.databaseUrl: must be a postgres:// URL",
    ],
    [
      { tenants: { list: { acme: { databaseUrl: "postgres://h/db", timezone: "UTC" } } } },
      '"timezone" (did you mean "timeZone"?)',
    ],
    [
      { auth: { publicRoutes: ["healthz", "search"] } },
      'auth.publicRoutes: expected a list of "healthz", "readyz", "metrics", "openapi"',
    ],
    [{ auth: { disabled: "yes" } }, 'auth.disabled: expected true or false, got "yes"'],
    [
      { http: { maxBodyBytes: 0 } },
      "http.maxBodyBytes: expected a whole number of bytes from 1 to 67108864, got 0",
    ],
    [
      { http: { maxEventsPerRequest: 200_000 } },
      "http.maxEventsPerRequest: expected a whole number from 1 to 100000, got 200000",
    ],
    [
      { store: { readTouchIntervalMs: -1 } },
      "store.readTouchIntervalMs: expected a whole number of milliseconds >= 0, got -1",
    ],
    [
      { store: { indexFields: ["Project"] } },
      'store.indexFields: expected a list of field names such as "project"',
    ],
    [{ engine: { coldPolicy: "wait" } }, 'engine.coldPolicy: expected one of "direct", "error", got "wait"'],
    [{ engine: { queue: "redis" } }, 'engine.queue: expected one of "bullmq", "memory", got "redis"'],
    [{ engine: { directConcurrency: 0 } }, "engine.directConcurrency: expected a whole number >= 1, got 0"],
    [{ db: { maxConnections: "10" } }, 'db.maxConnections: expected a whole number >= 1, got "10"'],
    [
      { metrics: { dbLoadWindowMs: 0 } },
      "metrics.dbLoadWindowMs: expected a whole number of milliseconds >= 1, got 0",
    ],
    [{ store: 5 }, "store must be an object of options (store.stalenessBoundMs, "],
  ])("%j", (input, message) => {
    expect(problem(input).message).toContain(message);
  });

  it("checks tokens: length, characters, application names, distinct — never echoing a token", () => {
    const secret = "tooshort";
    const error = problem({
      auth: { tokens: { billing: secret, "bad app": TOKEN, a: `${TOKEN}x`, b: `${TOKEN}x` } },
    });
    expect(error.message).toContain("invalid configuration (3 problems):");
    expect(error.message).toContain(
      "auth.tokens: billing: the token is 8 characters long; use at least 16 (generate one with `openssl rand -hex 32`)",
    );
    expect(error.message).toContain('application name "bad app" must be 1-64 letters');
    expect(error.message).toContain('applications "a" and "b" have the same token');
    expect(problem({ auth: { tokens: { billing: `${TOKEN} x` } } }).message).toContain(
      "a token may hold letters",
    );
    expect(problem({ auth: { tokens: { billing: 5 } } }).message).toContain("expected the token as a string");
    expect(error.message).not.toContain(secret);
    expect(problem({ auth: { tokens: `billing:${TOKEN}` } }).message).not.toContain(TOKEN);
  });

  it("rejects a Redis URL and cluster given together", () => {
    expect(problem({ redis: { url: "redis://a:1", cluster: ["b:2"] } }).message).toContain(
      "redis.url and redis.cluster are both set; set only redis.cluster for a Redis Cluster, or only redis.url",
    );
    expect(resolveOptions({ redis: { cluster: ["b:2"] } }).redis.cluster).toEqual(["b:2"]);
  });

  it("reports every problem at once, one line each, a list's bad elements once", () => {
    const error = problem({ port: -1, role: "x", store: { indexFields: ["A", "B"] } });
    expect(error.message.split("\n")).toHaveLength(4);
    // In the order of the reference, the first one's key as `where`.
    expect(error.message).toMatch(
      /^invalid configuration \(3 problems\):\n {2}- role: .*\n {2}- port: .*\n {2}- store\.indexFields: /,
    );
    expect(error.where).toBe("role");
  });
});
