--[[
  addLock-2: acquire the populate/refresh lock of one subscription for an owner token
  (SET NX PX) and return the dirty generation and patch sequence the refresh starts from.

  KEYS[1]  lock key    subq:{t:s}:lock  (string: owner token)
  KEYS[2]  meta key    subq:{t:s}:meta  (hash)

  ARGV[1]  token       string, the owner token (unique per attempt)
  ARGV[2]  lockTtlMs   integer, ms, lock expiry
  ARGV[3]  nowMs       integer, ms since epoch (the caller's clock; TIME is never used)
  ARGV[4]  pendingTtlMs integer, ms, expiry of a pending meta hash created here

  Replies
    {gen, seq, version, populated}  acquired (or already held by this token: re-entrant,
                                    the expiry is reset). gen/seq/version are integers;
                                    populated is 1 when the subscription has committed data.
    -3  E_LOCK_HELD                 another token holds the lock; nothing changed.

  Side effects: sets the lock with a PX expiry. When the meta hash does not exist, creates a
  pending one (no refreshedAt) with clock-derived counters and pendingTtlMs expiry, so that
  events and patches arriving during the populate are counted against it.
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"
--- @include "includes/readMeta"
--- @include "includes/createMeta"

local lockKey, metaKey = KEYS[1], KEYS[2]
local token = ARGV[1]
local lockTtl = toInteger(ARGV[2], "ARGV[2] lockTtlMs")
local now = toInteger(ARGV[3], "ARGV[3] nowMs")
local pendingTtl = toInteger(ARGV[4], "ARGV[4] pendingTtlMs")

if not redis.call("SET", lockKey, token, "NX", "PX", fmt(lockTtl)) then
  if redis.call("GET", lockKey) ~= token then
    return -3
  end
  redis.call("PEXPIRE", lockKey, fmt(lockTtl))
end

local meta = readMeta(metaKey)
if meta.version == nil then
  createMeta(metaKey, now, pendingTtl)
  meta = readMeta(metaKey)
end

return {
  tonumber(meta.gen), tonumber(meta.seq), tonumber(meta.version),
  meta.refreshedAt ~= nil and 1 or 0,
}
