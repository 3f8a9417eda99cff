--[[
  extendLock-1: reset the expiry of a lock, only by its owner.

  KEYS[1]  lock key   subq:{t:s}:lock

  ARGV[1]  token      string, the owner token given to addLock
  ARGV[2]  lockTtlMs  integer, ms, the new expiry from now

  Replies
    1   extended
    -2  E_LOCK_NOT_OWNED  another token holds the lock (ours expired and was re-taken)
    -4  E_LOCK_EXPIRED    nobody holds the lock (ours expired or was released)

  Side effects: PEXPIRE of the lock on success; nothing otherwise.
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"
--- @include "includes/lockOwnership"

local lockKey = KEYS[1]
local token = ARGV[1]
local lockTtl = toInteger(ARGV[2], "ARGV[2] lockTtlMs")

local ownership = lockOwnership(lockKey, token)
if ownership ~= 0 then
  return ownership
end
redis.call("PEXPIRE", lockKey, fmt(lockTtl))
return 1
