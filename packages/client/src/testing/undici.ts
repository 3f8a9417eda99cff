/**
 * Test support (not built): the undici the SDK runs on, for integration tests in test/
 * that need a raw keep-alive client of their own (test/ has no undici of its own).
 */
export { Agent, type Dispatcher, Pool } from "undici";
