--[[
  releaseLease-1: give a tenant-level lease up, only by its holder, so that a standby can
  take it at once instead of waiting for the expiry (a graceful shutdown).

  KEYS[1]  lease key  subq:{t}:lease:<role>  (string: the holder's token)

  ARGV[1]  token      string, the caller's owner token

  Replies
    1  released
    0  not held by the caller (expired, or taken over by another token, which keeps it)

  Side effects: DEL of the lease key on 1; nothing on 0.
]]

local leaseKey = KEYS[1]
local token = ARGV[1]

if redis.call("GET", leaseKey) ~= token then
  return 0
end
redis.call("DEL", leaseKey)
return 1
