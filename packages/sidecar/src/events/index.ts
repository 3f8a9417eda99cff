/**
 * Event ingestion (docs/sidecar.md "Events"): the one entry point the engine and the
 * change sources (capture/) use. Everything else in events/ is internal to ingestion.
 */
export { ingestEvents } from "./ingest.js";
export {
  type ConfigEventInput,
  type IssueEventInput,
  type ParsedEvents,
  parseEvents,
} from "./schema.js";
