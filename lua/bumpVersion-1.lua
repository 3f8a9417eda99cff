--[[
  bumpVersion-1: the results may have changed without a Stage 1 change (e.g. a Stage 2
  only subscription, a permission or configuration change): increment the version and
  publish it. Flags and members are untouched.

  KEYS[1]  meta key  subq:{t:s}:meta  (hash)

  ARGV[1]  nowMs           integer, ms since epoch
  ARGV[2]  channel         text, the tenant's versions channel (built in keys.ts)
  ARGV[3]  subscriptionId  text

  Replies
    version  integer, the new version (max(version + 1, nowMs * 1000))
    -1  E_SUBSCRIPTION_MISSING  no meta hash

  Side effects: HSET version on the existing meta (expiry kept); PUBLISH
  "<id> <version> <state>" where state comes from the flags (fresh, stale, tooLarge,
  populating).
]]
--- @include "includes/changeVersion"

return changeVersion(KEYS[1], ARGV, function()
  return true
end)
