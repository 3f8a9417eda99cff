--[[
  markStale-1: an event may have changed this subscription's results: increment the dirty
  generation, set the stale flag, bump the version and publish it. A batch of
  subscriptions is marked with one call per subscription, pipelined by the caller (each
  subscription lives in its own hash slot).

  KEYS[1]  meta key  subq:{t:s}:meta  (hash)

  ARGV[1]  nowMs           integer, ms since epoch
  ARGV[2]  channel         text, the tenant's versions channel (built in keys.ts)
  ARGV[3]  subscriptionId  text

  Replies
    version  integer, the new version
    -1  E_SUBSCRIPTION_MISSING  no meta hash: the subscription expired; the caller drops it
                                from the event index

  Side effects: HINCRBY gen, HSET stale=1 and version on the existing meta (its expiry is
  kept: events do not keep a subscription alive, reads do). Also on a pending meta (a
  populate is running), so its commit stays stale. PUBLISH "<id> <version> stale" (or
  tooLarge) when the subscription has committed data; pending ones have no listeners yet.
]]
--- @include "includes/changeVersion"

local metaKey = KEYS[1]
return changeVersion(metaKey, ARGV, function(meta)
  redis.call("HINCRBY", metaKey, "gen", "1")
  redis.call("HSET", metaKey, "stale", "1")
  meta.stale = "1"
  return meta.refreshedAt ~= nil
end)
