/**
 * docker-compose.yml, checked without Docker: it parses; every long-running service has a
 * healthcheck; Redis (and every cluster node) refuses to evict; the sidecars run the
 * image's CLI with the roles the README names; the cluster profile's init joins exactly
 * the nodes the sidecar is pointed at; and the sidecars' SUBQ_* settings are real options
 * that resolve (a typo or an invalid value fails here, not in a container), and
 * `docker stop` waits for their whole graceful shutdown before it kills them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadOptions } from "../../packages/sidecar/src/config/load.js";
import { CONFIG_FILE_ENV, CONFIG_REFERENCE } from "../../packages/sidecar/src/config/reference.js";
import { REPO_ROOT } from "../support/cli.js";

interface Service {
  readonly image?: string;
  readonly build?: string;
  readonly profiles?: string[];
  readonly command?: string[] | string;
  readonly entrypoint?: string[];
  readonly restart?: string;
  readonly environment?: Record<string, string>;
  readonly healthcheck?: { test?: string[]; disable?: boolean };
  readonly depends_on?: Record<string, { condition: string }>;
  readonly networks?: Record<string, { ipv4_address?: string } | null> | string[];
  readonly stop_grace_period?: string;
}

const compose = parse(readFileSync(`${REPO_ROOT}docker-compose.yml`, "utf8"), { merge: true }) as {
  services: Record<string, Service>;
  networks?: Record<string, unknown>;
};
const services = compose.services;
const words = (command: Service["command"]) => (Array.isArray(command) ? command.join(" ") : (command ?? ""));
const oneShot = (service: Service) => service.restart === "no";

/** `${NAME:-default}` and `${NAME:?message}` as compose fills them in, with `given` set. */
function interpolate(value: string, given: Record<string, string>): string {
  return String(value).replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_m, name: string, kind?: string, rest?: string) => {
      if (given[name] !== undefined) return given[name]!;
      if (kind === "-") return rest ?? "";
      throw new Error(`compose would stop: ${name} is required (${rest})`);
    },
  );
}

/** A compose duration (`1m30s`, `45s`, `500ms`) in ms; Docker's 10 s when unset. */
function durationMs(value: string | undefined): number {
  if (value === undefined) return 10_000;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g)];
  expect(parts.map((part) => part[0]).join(""), `duration ${value}`).toBe(value);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

describe("docker-compose.yml", () => {
  it("has Redis, Postgres, an API sidecar and a worker by default, and a cluster profile", () => {
    const byDefault = Object.keys(services).filter((name) => !services[name]!.profiles);
    expect(byDefault).toEqual(expect.arrayContaining(["redis", "postgres", "sidecar-api", "sidecar-worker"]));
    const cluster = Object.keys(services).filter((name) => services[name]!.profiles?.includes("cluster"));
    expect(cluster.sort()).toEqual([
      "redis-cluster-init",
      "redis-node-1",
      "redis-node-2",
      "redis-node-3",
      "sidecar-cluster",
    ]);
  });

  it("gives every long-running service a healthcheck, and one-shot jobs gate what needs them", () => {
    for (const [name, service] of Object.entries(services)) {
      if (oneShot(service)) continue;
      expect(service.healthcheck?.test?.[0], `${name} healthcheck`).toMatch(/^CMD/);
      expect(service.healthcheck?.disable, name).not.toBe(true);
    }
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[target], `${name} depends on ${target}`).toBeDefined();
        expect(condition, `${name} → ${target}`).toBe(
          oneShot(services[target]!) ? "service_completed_successfully" : "service_healthy",
        );
      }
    }
  });

  it("never lets Redis evict keys (BullMQ and subq need noeviction)", () => {
    const redises = Object.entries(services).filter(([, s]) => s.image?.startsWith("redis") && !oneShot(s));
    expect(redises.map(([name]) => name).sort()).toEqual([
      "redis",
      "redis-node-1",
      "redis-node-2",
      "redis-node-3",
    ]);
    for (const [name, service] of redises)
      expect(words(service.command), name).toContain("--maxmemory-policy noeviction");
  });

  it("runs the image's built CLI: start --role api and --role worker, migrations first", () => {
    const dockerfile = readFileSync(`${REPO_ROOT}Dockerfile`, "utf8");
    const main = /ENTRYPOINT \[[^\]]*"(\/app\/[^"]+main\.js)"\]/.exec(dockerfile)![1]!;
    expect(words(services["sidecar-api"]!.command)).toBe("start --role api");
    expect(words(services["sidecar-worker"]!.command)).toBe("start --role worker");
    for (const name of ["setup", "sidecar-api", "sidecar-worker", "sidecar-cluster"]) {
      expect(services[name]!.build, name).toBe(".");
    }
    expect(words(services.setup!.command)).toContain(`node ${main} db migrate --tenant`);
    expect(services["sidecar-api"]!.depends_on?.setup).toBeDefined();
  });

  it("the cluster init joins exactly the nodes the cluster sidecar is pointed at", () => {
    const nodes = ["redis-node-1", "redis-node-2", "redis-node-3"].map((name) => {
      const service = services[name]!;
      const port = /--port (\d+)/.exec(words(service.command))![1];
      expect(words(service.command), name).toContain("--cluster-enabled yes");
      const networks = service.networks as Record<string, { ipv4_address?: string } | null>;
      const ip = networks.cluster?.ipv4_address;
      expect(words(service.command), name).toContain(`--cluster-announce-ip ${ip}`);
      expect(service.healthcheck?.test?.join(" "), name).toContain(`-p ${port} ping`);
      return `${ip}:${port}`;
    });
    const init = words(services["redis-cluster-init"]!.command);
    expect(init).toContain(
      `redis-cli --cluster create ${nodes.join(" ")} --cluster-replicas 0 --cluster-yes`,
    );
    expect(services["sidecar-cluster"]!.environment!.SUBQ_REDIS_CLUSTER).toBe(nodes.join(","));
    expect(services["sidecar-cluster"]!.depends_on?.["redis-cluster-init"]).toBeDefined();
  });

  it("configures the sidecars with real options that resolve", async () => {
    const known = new Set([CONFIG_FILE_ENV, ...CONFIG_REFERENCE.map((spec) => spec.env)]);
    const given = { SUBQ_TOKENS: `app:${"ab".repeat(16)}` };
    expect(() => interpolate(services["sidecar-api"]!.environment!.SUBQ_TOKENS!, {})).toThrow(
      /SUBQ_TOKENS is required/,
    );
    for (const name of ["setup", "sidecar-api", "sidecar-worker", "sidecar-cluster"]) {
      const raw = services[name]!.environment!;
      for (const key of Object.keys(raw))
        expect(known.has(key), `${name}: ${key} is not a subq setting`).toBe(true);
      const env = Object.fromEntries(
        Object.entries(raw).map(([key, value]) => [key, interpolate(value, given)]),
      );
      const role = /--role (\w+)/.exec(words(services[name]!.command))?.[1] as
        | "api"
        | "worker"
        | "all"
        | undefined;
      const options = await loadOptions({
        env,
        ...(role ? { overrides: { options: { role }, origin: "--role" } } : {}),
      });
      expect(options).toMatchObject({ host: "0.0.0.0", port: 7480, tenants: { names: ["acme"] } });
      if (name === "sidecar-cluster") expect(options.redis.cluster).toHaveLength(3);
      else if (name !== "setup") expect(options.redis.url).toBe("redis://redis:6379"); // setup needs only Postgres
    }
  });

  it("gives the sidecars a stop grace beyond their drain and shutdown timeout", async () => {
    const given = { SUBQ_TOKENS: `app:${"ab".repeat(16)}` };
    for (const name of ["sidecar-api", "sidecar-worker", "sidecar-cluster"]) {
      const service = services[name]!;
      const env = Object.fromEntries(
        Object.entries(service.environment!).map(([key, value]) => [key, interpolate(value, given)]),
      );
      const options = await loadOptions({ env });
      // Closing Redis, Postgres and the queue takes a moment more: a few seconds of margin.
      const needMs = options.shutdownDrainMs + options.shutdownTimeoutMs + 5_000;
      expect(durationMs(service.stop_grace_period), `${name} stop_grace_period`).toBeGreaterThanOrEqual(
        needMs,
      );
    }
  });
});
