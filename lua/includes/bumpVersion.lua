--- @include "fmt"

-- bumpVersion(metaKey, currentVersion, nowMs): version := max(version + 1, nowMs * 1000).
-- Monotonic, and close to a microsecond timestamp of the last change, so versions keep
-- growing across expiry and re-creation (see createMeta). The base (what every user's
-- personal version starts from, see includes/personal) moves with it: this change may move
-- anyone's answer. Returns the new version.
local function bumpVersion(metaKey, currentVersion, nowMs)
  local version = math.max((currentVersion or 0) + 1, nowMs * 1000)
  redis.call("HSET", metaKey, "version", fmt(version), "base", fmt(version))
  return version
end
