--[[
  registerReads-2: record the fields a query's Stage 2 reads in its subscription's reads
  set, before the query computes an answer. Events that keep an issue a member and change
  none of these fields (nor its permissions) leave the version alone (events/ingest.ts).
  Re-creating the set after it expired moves the version: answers computed before may
  read fields it no longer names, and must not outlive it. The meta hash remembers that it
  had a set (readsAt, set at its first registration); its first set moves nothing, since
  every answer is computed after registering, except on a meta hash written before reads
  sets existed (no `base`), whose answers registered nothing.

  KEYS[1]  meta key   subq:{t:s}:meta   (hash)
  KEYS[2]  reads key  subq:{t:s}:reads  (set of canonical field keys; "*": any field)

  ARGV[1]  nowMs           integer, ms since epoch
  ARGV[2]  idleTtlMs       integer, ms, expiry of the reads set (as meta's on a read)
  ARGV[3]  channel         text, the tenant's versions channel (built in keys.ts)
  ARGV[4]  subscriptionId  text
  ARGV[5..] fields         canonical field keys ("updated", "cf[10009]") or "*"; one or more

  Replies
    0   the fields are recorded
    version  integer > 0: the set was re-created (or first created on an older meta hash
             with committed data); the version (and base) moved to it
    -1  E_SUBSCRIPTION_MISSING  no meta hash (nothing to record)

  Side effects: SADD and PEXPIRE idleTtlMs of the reads set; HSET meta readsAt when
  absent; on a move HSET version/base and PUBLISH "<id> <version> <state>".
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"
--- @include "includes/readMeta"
--- @include "includes/bumpVersion"
--- @include "includes/publishVersion"

local metaKey, readsKey = KEYS[1], KEYS[2]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local idleTtl = toInteger(ARGV[2], "ARGV[2] idleTtlMs")
if #ARGV < 5 then
  error("subq: ARGV[5..] fields: at least one field key is required")
end
local meta = readMeta(metaKey)
if meta.version == nil then
  return -1
end
local created = redis.call("EXISTS", readsKey) == 0
for i = 5, #ARGV do
  redis.call("SADD", readsKey, ARGV[i])
end
redis.call("PEXPIRE", readsKey, fmt(idleTtl))
if meta.readsAt == nil then
  redis.call("HSET", metaKey, "readsAt", fmt(now))
end
local expired = created and meta.readsAt ~= nil
local older = created and meta.base == nil and meta.refreshedAt ~= nil
if not (expired or older) then
  return 0
end
local version = bumpVersion(metaKey, tonumber(meta.version), now)
publishVersion(ARGV[3], ARGV[4], version, flagState(meta))
return version
