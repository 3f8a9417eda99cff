/** The Redis contract against the real Redis at 127.0.0.1:6379 (each test its own tenant). */
import { connectRedis } from "./contract/clients.js";
import { runContract } from "./contract/index.js";

runContract({ name: "redis", real: true, connect: () => connectRedis() });
