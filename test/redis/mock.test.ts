/** The Redis contract against ioredis-mock (Lua on fengari, no server). */
import { connectMock } from "./contract/clients.js";
import { runContract } from "./contract/index.js";

runContract({ name: "ioredis-mock", real: false, connect: async () => connectMock() });
