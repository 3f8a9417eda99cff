--- @include "fmt"
--- @include "bumpVersion"

-- Personal versions. A query whose answer holds only issues whose <field> is the searcher
-- (`assignee = currentUser()`, ...) changes for a user only when an issue's <field> was or
-- becomes that user. Such changes move the subscription version (every other reader sees
-- it) and the personal versions of the users named ("<field>:<user>" entries of the
-- personal hash), not the base; every other change moves the base (bumpVersion). A
-- user's personal version is max(base, their entry): monotonic, and it moves whenever
-- their answer may have.
--
-- The personal hash lives as long as the meta hash (its expiry is set on every write and
-- read touch). If it expired anyway, personalMax (the highest version ever written to it)
-- stands in for every entry until the next write, which first folds it into the base.

-- personalEntries(argv, at, what): the entries of a script's ARGV from index `at`: a count
-- (-1: the change may move anyone's answer; returns nil), then that many entries.
local function personalEntries(argv, at, what)
  local count = tonumber(argv[at])
  if count == nil or count ~= math.floor(count) or count < -1 or #argv ~= at + math.max(count, 0) then
    error("subq: " .. what .. " must be a count (-1 or more) followed by that many entries")
  end
  if count < 0 then
    return nil
  end
  local entries = {}
  for i = at + 1, at + count do
    entries[#entries + 1] = argv[i]
  end
  return entries
end

-- bumpPersonal(metaKey, personalKey, meta, nowMs, entries): the change moves only the
-- named users' answers (none: no personal answer); entries nil: anyone's. Without an
-- expiry on the meta hash (never expected) it falls back to bumpVersion. Returns the new
-- version.
local function bumpPersonal(metaKey, personalKey, meta, nowMs, entries)
  local ttl = redis.call("PTTL", metaKey)
  if entries == nil or ttl <= 0 then
    return bumpVersion(metaKey, tonumber(meta.version), nowMs)
  end
  local version = math.max((tonumber(meta.version) or 0) + 1, nowMs * 1000)
  if redis.call("EXISTS", personalKey) == 0 and meta.personalMax ~= nil then
    local base = math.max(tonumber(meta.base) or 0, tonumber(meta.personalMax))
    redis.call("HSET", metaKey, "base", fmt(base))
  end
  redis.call("HSET", metaKey, "version", fmt(version), "personalMax", fmt(version))
  for i = 1, #entries do
    redis.call("HSET", personalKey, entries[i], fmt(version))
  end
  redis.call("PEXPIRE", personalKey, fmt(ttl))
  return version
end

-- personalVersion(meta, personalKey, entry): the version of one user's personal answer;
-- entry "" means a query without one (the subscription version).
local function personalVersion(meta, personalKey, entry)
  local version = tonumber(meta.version) or 0
  if entry == "" or meta.version == nil then
    return version
  end
  -- A meta hash written before personal versions existed has no base: all changes count.
  local base = tonumber(meta.base) or version
  if redis.call("EXISTS", personalKey) == 0 then
    return math.max(base, tonumber(meta.personalMax) or 0)
  end
  return math.max(base, tonumber(redis.call("HGET", personalKey, entry) or "0"))
end
