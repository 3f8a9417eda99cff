--[[
  bumpConfigVersion-1: a configuration change (permissions, groups, sprints, versions,
  statuses, projects) may change Stage 2 answers of every query of a tenant without
  touching any Stage 1 set: move the tenant's configuration version and announce it. The
  sidecar reports max(subscription version, configuration version), so one write moves the
  version of every query of the tenant.

  KEYS[1]  config key  subq:{t}:config  (hash: version, changedAt)

  ARGV[1]  nowMs    integer, ms since epoch
  ARGV[2]  ttlMs    integer, ms, expiry of the config hash (longer than any subscription)
  ARGV[3]  channel  text, the tenant's versions channel (built in keys.ts)
  ARGV[4]  reason   text, optional: "config" (default; processes reload their catalog) or
                    "recovery" (back from a Redis outage: only the version moves)

  Replies
    version  integer, the new configuration version (max(version + 1, nowMs * 1000))

  Side effects: HSET version, changedAt; PEXPIRE ttlMs; PUBLISH "* <version> <reason>".
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"

local configKey = KEYS[1]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local ttl = toInteger(ARGV[2], "ARGV[2] ttlMs")
local channel = ARGV[3]
local reason = ARGV[4] or "config"
if reason ~= "config" and reason ~= "recovery" then
  return redis.error_reply("ERR ARGV[4] reason: expected config or recovery, got " .. reason)
end

local current = tonumber(redis.call("HGET", configKey, "version") or "0")
-- Monotonic and close to a microsecond timestamp, as subscription versions (bumpVersion).
local version = math.max(current + 1, now * 1000)
redis.call("HSET", configKey, "version", fmt(version), "changedAt", fmt(now))
redis.call("PEXPIRE", configKey, fmt(ttl))
redis.call("PUBLISH", channel, "* " .. fmt(version) .. " " .. reason)
return version
