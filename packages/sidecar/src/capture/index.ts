/**
 * Change sources (docs/sidecar.md "Events"): where subq learns what changed in a tenant
 * database without being told over HTTP. Today the Postgres triggers (sql/triggers.sql)
 * and one LISTEN/NOTIFY listener per tenant in the fleet; each source hands its events to
 * `engine.ingestEvents`, so ingestion (events/) does not know where they came from.
 */
export {
  type BatchReport,
  type EventListener,
  type EventListenerOptions,
  type ListenerState,
  startEventListener,
} from "./listener.js";
export {
  EVENT_CHANNEL,
  type InstalledTriggers,
  installedTriggers,
  installTriggers,
  type TriggerOptions,
  uninstallTriggers,
} from "./triggers.js";
