--[[
  lookupIndex-1: the subscriptions registered in one event-index set and not expired,
  dropping the expired ones. The caller unions the sets of every before/after value of an
  event plus the tenant's `all` set (one call per set, pipelined: all are in the tenant's
  slot), then checks each candidate's full metadata.

  KEYS[1]  index key  subq:{t}:idx:<field>:<value> or subq:{t}:idx:all  (sorted set)

  ARGV[1]  nowMs  integer, ms since epoch

  Reply: {dropped, ids}
    dropped  integer, expired entries removed now
    ids      array of subscription ids whose entry expires at or after nowMs
  No negative replies.

  Side effects: ZREMRANGEBYSCORE of entries that expired before nowMs (an emptied set is
  deleted by Redis).
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"

local indexKey = KEYS[1]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")

local dropped = redis.call("ZREMRANGEBYSCORE", indexKey, "-inf", "(" .. fmt(now))
return {dropped, redis.call("ZRANGEBYSCORE", indexKey, fmt(now), "+inf")}
