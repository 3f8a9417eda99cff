--- @include "fmt"

-- publishVersion(channel, subscriptionId, version, state): one message on the tenant's
-- versions channel, "<subscriptionId> <version> <state>". The channel name is built in
-- keys.ts and passed in ARGV (a channel is not a key; PUBLISH reaches every cluster node).
local function publishVersion(channel, subscriptionId, version, state)
  redis.call("PUBLISH", channel, subscriptionId .. " " .. fmt(version) .. " " .. state)
end

-- flagState(meta): the state a version message announces, from the flags alone.
local function flagState(meta)
  if meta.refreshedAt == nil then
    return "populating"
  elseif meta.tooLarge == "1" then
    return "tooLarge"
  elseif meta.stale == "1" then
    return "stale"
  end
  return "fresh"
end
