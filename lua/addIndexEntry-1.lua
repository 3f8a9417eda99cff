--[[
  addIndexEntry-1: register a subscription in one event-index set of its tenant, valid
  until expiresAtMs (a sorted set scored by expiry, so lookups skip and drop expired
  entries without touching the subscription's own keys, which live in another slot).

  KEYS[1]  index key  subq:{t}:idx:<field>:<value> or subq:{t}:idx:all  (sorted set)

  ARGV[1]  subscriptionId  text
  ARGV[2]  expiresAtMs     integer, ms since epoch, when this entry stops matching
  ARGV[3]  nowMs           integer, ms since epoch
  ARGV[4]  keyTtlMs        integer, ms, minimum remaining expiry of the whole set

  Replies
    1  added
    0  already present (its expiry is moved later, never earlier)

  Side effects: ZREMRANGEBYSCORE of entries that expired before nowMs; ZADD; PEXPIRE of
  the set when its remaining expiry is shorter than keyTtlMs.
]]
--- @include "includes/toInteger"
--- @include "includes/present"
--- @include "includes/fmt"

local indexKey = KEYS[1]
local subscriptionId = ARGV[1]
local expiresAt = toInteger(ARGV[2], "ARGV[2] expiresAtMs")
local now = toInteger(ARGV[3], "ARGV[3] nowMs")
local keyTtl = toInteger(ARGV[4], "ARGV[4] keyTtlMs")

redis.call("ZREMRANGEBYSCORE", indexKey, "-inf", "(" .. fmt(now))
local current = present(redis.call("ZSCORE", indexKey, subscriptionId))
local added = 0
if current == nil then
  added = 1
end
if current == nil or tonumber(current) < expiresAt then
  redis.call("ZADD", indexKey, fmt(expiresAt), subscriptionId)
end
if redis.call("PTTL", indexKey) < keyTtl then
  redis.call("PEXPIRE", indexKey, fmt(keyTtl))
end
return added
