/**
 * The relays (relay.ts) as their own process, driven over IPC (bench/load/child.ts):
 * RELAY_PG="<port>:<target>" and RELAY_API="<port>:<backend>,<backend>".
 */
import { serveCommands } from "../load/child.js";
import { startBalancer, startBlackholeRelay } from "./relay.js";

const [pgPort, pgTarget] = (process.env.RELAY_PG ?? "").split(":").map(Number);
const [apiPort, apiBackends] = (process.env.RELAY_API ?? "").split(":");
const pg = await startBlackholeRelay(pgPort!, pgTarget!);
const api = await startBalancer(Number(apiPort), apiBackends!.split(",").map(Number));

serveCommands(
  { pg: pg.port, api: api.port },
  {
    blackhole: () => pg.blackhole(),
    heal: () => pg.heal(),
    ready: () => api.ready,
    close: async () => {
      await pg.close();
      await api.close();
    },
  },
);
process.on("SIGTERM", () => process.exit(0));
