--[[
  releaseLock-1: delete a lock, only by its owner (a populate or refresh that gives up
  without committing; a commit releases the lock itself).

  KEYS[1]  lock key   subq:{t:s}:lock

  ARGV[1]  token      string, the owner token given to addLock

  Replies
    1   released
    -2  E_LOCK_NOT_OWNED  another token holds the lock; it is left alone (a late release
                          by an owner whose lock expired must not free the new owner's)
    -4  E_LOCK_EXPIRED    nobody holds the lock

  Side effects: DEL of the lock on success; nothing otherwise. The patch journal is kept:
  another refresh that lost its lock may still commit and need it; it expires by itself.
]]
--- @include "includes/lockOwnership"

local lockKey = KEYS[1]
local token = ARGV[1]

local ownership = lockOwnership(lockKey, token)
if ownership ~= 0 then
  return ownership
end
redis.call("DEL", lockKey)
return 1
