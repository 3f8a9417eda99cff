import { describe, expect, it } from "vitest";
import { isSubqError, type SubqError } from "../errors.js";
import { useTempDir } from "../testing/temp-dir.js";
import { type LoadSources, loadOptions } from "./load.js";
import { CONFIG_REFERENCE } from "./reference.js";

const TOKEN = "0123456789abcdef0123";
const dir = useTempDir("config");

async function problem(sources: LoadSources): Promise<SubqError> {
  try {
    await loadOptions(sources);
  } catch (error) {
    if (isSubqError(error, "E_CONFIG")) return error;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("loadOptions precedence: defaults < file < environment < overrides", () => {
  it("uses the defaults with an empty environment and no file", async () => {
    const options = await loadOptions({ env: {} });
    expect(options.port).toBe(7480);
    expect(options.store.stalenessBoundMs).toBe(600_000);
  });

  it("layers file, environment and overrides per option, keeping the rest of each group", async () => {
    const path = await dir.write("layers.json", {
      port: 9000,
      host: "0.0.0.0",
      role: "api",
      store: { stalenessBoundMs: 1_000, lockTtlMs: 2_000 },
    });
    const options = await loadOptions({
      file: path,
      env: { SUBQ_PORT: "9100", SUBQ_STALENESS_BOUND_MS: "5000", SUBQ_ROLE: "" },
      overrides: { options: { role: "worker", engine: { queue: "memory" } }, origin: "command line" },
    });
    expect(options.host).toBe("0.0.0.0"); // file
    expect(options.port).toBe(9100); // environment over file
    expect(options.store).toMatchObject({ stalenessBoundMs: 5_000, lockTtlMs: 2_000, idleTtlMs: 3_600_000 });
    expect(options.role).toBe("worker"); // override; an empty variable counts as unset
    expect(options.engine.queue).toBe("memory");
  });

  it("finds the file through SUBQ_CONFIG, and --config wins over it", async () => {
    const a = await dir.write("a.json", { port: 1 });
    const b = await dir.write("b.json", { port: 2 });
    expect((await loadOptions({ env: { SUBQ_CONFIG: a } })).port).toBe(1);
    expect((await loadOptions({ file: b, env: { SUBQ_CONFIG: a } })).port).toBe(2);
  });

  it("reads every option from its environment variable", async () => {
    const env = {
      SUBQ_ROLE: "api",
      SUBQ_HOST: "::",
      SUBQ_PORT: "0",
      SUBQ_LOG_LEVEL: "debug",
      SUBQ_REDIS_CLUSTER: "r1:7000, r2:7001",
      SUBQ_TOKENS: `billing:${TOKEN}, boards:${TOKEN}x==`,
      SUBQ_PUBLIC_ROUTES: "none",
      SUBQ_AUTH_DISABLED: "no",
      SUBQ_TENANTS: JSON.stringify({ acme: { databaseUrl: "postgres://h/acme" } }),
      SUBQ_TENANTS_FILE: "/etc/tenants.json",
      SUBQ_DATABASE_URL: "postgres://h/t_{tenant}",
      SUBQ_TENANT_NAMES: "beta,gamma",
      SUBQ_INDEX_FIELDS: "project,status",
      SUBQ_COLD_POLICY: "error",
    };
    const options = await loadOptions({ env });
    expect(options).toMatchObject({
      role: "api",
      host: "::",
      port: 0,
      logLevel: "debug",
      redis: { cluster: ["r1:7000", "r2:7001"] },
      auth: { tokens: { billing: TOKEN, boards: `${TOKEN}x==` }, publicRoutes: [], disabled: false },
      tenants: {
        list: { acme: { databaseUrl: "postgres://h/acme" } },
        file: "/etc/tenants.json",
        databaseUrlTemplate: "postgres://h/t_{tenant}",
        names: ["beta", "gamma"],
      },
      store: { indexFields: ["project", "status"] },
      engine: { coldPolicy: "error" },
    });
  });

  it("has one distinct environment variable per option", () => {
    const names = CONFIG_REFERENCE.map((spec) => spec.env);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^SUBQ_[A-Z0-9_]+$/);
  });
});

describe("loadOptions problems name the variable or file", () => {
  it("names the variable of a bad value", async () => {
    const error = await problem({ env: { SUBQ_PORT: "80a" } });
    expect(error.message).toBe(
      'invalid configuration: port (from SUBQ_PORT): expected a whole number from 0 to 65535, got "80a"; fix SUBQ_PORT, e.g. SUBQ_PORT=7480',
    );
    expect((await problem({ env: { SUBQ_AUTH_DISABLED: "maybe" } })).message).toContain(
      'auth.disabled (from SUBQ_AUTH_DISABLED): expected true or false, got "maybe"',
    );
  });

  it("names the file of a bad or unknown value", async () => {
    const path = await dir.write("bad.json", { store: { lockTtlMs: "30s", lockTTL: 1 } });
    const error = await problem({ file: path, env: {} });
    expect(error.message).toContain(
      `store.lockTtlMs (from config file ${path}): expected a whole number of milliseconds`,
    );
    expect(error.message).toContain(
      `fix "store.lockTtlMs" in the config file ${path}, e.g. "lockTtlMs": 30000`,
    );
    expect(error.message).toContain(
      `unknown option "store.lockTTL" (from config file ${path}) (did you mean "store.lockTtlMs"?)`,
    );
  });

  it("keeps a file's bad group when the environment sets an option inside it", async () => {
    const path = await dir.write("group.json", { store: "fast" });
    const error = await problem({ file: path, env: { SUBQ_LOCK_TTL_MS: "100" } });
    expect(error.message).toContain("store must be an object of options");
  });

  it("explains structured variables that do not parse, without echoing secrets", async () => {
    const tokens = await problem({ env: { SUBQ_TOKENS: `billing:${TOKEN},secretvalue` } });
    expect(tokens.message).toBe(
      'invalid configuration: SUBQ_TOKENS: entry 2 ("se…") is not "application:token"; expected "app:token,app2:token2"',
    );
    expect((await problem({ env: { SUBQ_TOKENS: `a:${TOKEN},a:${TOKEN}` } })).message).toContain(
      'application "a" is listed twice',
    );
    expect((await problem({ env: { SUBQ_TENANTS: "{acme" } })).message).toMatch(
      /^invalid configuration: SUBQ_TENANTS: is not valid JSON \(/,
    );
  });

  it("explains an unreadable, non-JSON or non-object file", async () => {
    const missing = dir.path("missing.json");
    expect((await problem({ file: missing, env: {} })).message).toBe(
      `cannot read the config file ${missing} (ENOENT); check the path given to --config or SUBQ_CONFIG`,
    );
    const broken = await dir.write("broken.json", "{port: 1}");
    expect((await problem({ file: broken, env: {} })).message).toMatch(
      new RegExp(
        `^the config file ${broken} is not valid JSON \\(.*\\); it holds one object such as \\{"port": 7480`,
      ),
    );
    const list = await dir.write("list.json", [1]);
    expect((await problem({ file: list, env: {} })).message).toBe(
      `the config file ${list} must hold a JSON object of options such as {"port": 7480}, not an array`,
    );
  });

  it("labels overrides with their origin", async () => {
    const error = await problem({
      env: {},
      overrides: { options: { role: "both" as never }, origin: "--role" },
    });
    expect(error.message).toContain('role (from --role): expected one of "api", "worker", "all", got "both"');
  });

  it("warns of SUBQ_ variables that look like a misspelt option, and only those", async () => {
    const warnings: string[] = [];
    await loadOptions({
      env: { SUBQ_STALENES_BOUND_MS: "5", SUBQ_TEST_REDIS_URL: "redis://x", SUBQ_PORT: "1", HOME: "/" },
      warn: (message) => warnings.push(message),
    });
    expect(warnings).toEqual([
      "SUBQ_STALENES_BOUND_MS is not a subq setting and is ignored; did you mean SUBQ_STALENESS_BOUND_MS?",
    ]);
  });
});
