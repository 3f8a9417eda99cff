--- @include "present"

-- readMeta(metaKey): the meta hash fields scripts decide on, by name; absent fields are
-- nil. A meta hash without `version` does not exist; without `refreshedAt` it is pending
-- (created by addLock for a populate that has not committed yet).
local META_FIELDS = {
  "version", "gen", "seq", "stale", "refreshedAt", "count", "tooLarge", "position", "dataGen",
  "lastReadAt", "base", "personalMax", "readsAt",
}

local function readMeta(metaKey)
  local raw = redis.call("HMGET", metaKey, unpack(META_FIELDS))
  local meta = {}
  for i = 1, #META_FIELDS do
    meta[META_FIELDS[i]] = present(raw[i])
  end
  return meta
end
