--- @include "toInteger"
--- @include "readMeta"
--- @include "bumpVersion"
--- @include "publishVersion"

-- changeVersion(metaKey, argv, prepare): the body of markStale (a version move for anyone), whose
-- ARGV are nowMs, channel, subscriptionId. Returns -1 (E_SUBSCRIPTION_MISSING) when the meta
-- hash does not exist. Otherwise calls prepare(meta), which may change flags (mirroring them
-- in `meta`) and returns whether to publish, then bumps the version, publishes
-- "<id> <version> <flag state>" if asked, and returns the new version.
local function changeVersion(metaKey, argv, prepare)
  local now = toInteger(argv[1], "ARGV[1] nowMs")
  local meta = readMeta(metaKey)
  if meta.version == nil then
    return -1
  end
  local announce = prepare(meta)
  local version = bumpVersion(metaKey, tonumber(meta.version), now)
  if announce then
    publishVersion(argv[2], argv[3], version, flagState(meta))
  end
  return version
end
