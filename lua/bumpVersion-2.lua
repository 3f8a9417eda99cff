--[[
  bumpVersion-2: the results may have changed without a Stage 1 change (an issue that
  stays a member changed; a Stage 2 only subscription; a permission or configuration
  change): bump the version and publish it. With personal entries, only those users'
  personal versions move with it (includes/personal); without, the base too. Flags and
  members are untouched.

  KEYS[1]  meta key      subq:{t:s}:meta      (hash)
  KEYS[2]  personal key  subq:{t:s}:personal  (hash "<field>:<user>" -> version)

  ARGV[1]  nowMs           integer, ms since epoch
  ARGV[2]  channel         text, the tenant's versions channel (built in keys.ts)
  ARGV[3]  subscriptionId  text
  ARGV[4]  personalCount   integer: how many personal entries follow; -1 when anyone's
                           answer may move
  ARGV[5..]  personal entries  "<field>:<user>" of every user whose personal answer the
                             change can move

  Replies
    version  integer, the new version (max(version + 1, nowMs * 1000))
    -1  E_SUBSCRIPTION_MISSING  no meta hash

  Side effects: HSET version (and base, or personalMax and the personal entries) on the
  existing meta (expiry kept; the personal hash gets the meta's); PUBLISH
  "<id> <version> <state>" where state comes from the flags (fresh, stale, tooLarge,
  populating).
]]
--- @include "includes/toInteger"
--- @include "includes/readMeta"
--- @include "includes/personal"
--- @include "includes/publishVersion"

local metaKey, personalKey = KEYS[1], KEYS[2]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local entries = personalEntries(ARGV, 4, "ARGV[4] personalCount")
local meta = readMeta(metaKey)
if meta.version == nil then
  return -1
end
local version = bumpPersonal(metaKey, personalKey, meta, now, entries)
publishVersion(ARGV[2], ARGV[3], version, flagState(meta))
return version
