--[[
  claimLease-1: take or keep a tenant-level lease (one holder in the whole fleet, e.g. the
  tenant's Postgres event listener): take it when nobody holds it (SET NX PX), extend it
  when the caller already holds it, refuse when another token does. One script for both,
  so a holder whose lease lapsed while nobody else took it simply keeps it.

  KEYS[1]  lease key  subq:{t}:lease:<role>  (string: the holder's token)

  ARGV[1]  token      string, the caller's owner token (unique per process and role)
  ARGV[2]  leaseTtlMs integer, ms, the lease's expiry from now

  Replies
    1   acquired  nobody held the lease; the caller holds it now
    2   extended  the caller held it; its expiry is reset
    -3  E_LOCK_HELD  another token holds the lease; nothing changed

  Side effects: SET PX or PEXPIRE of the lease key; nothing on -3.
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"

local leaseKey = KEYS[1]
local token = ARGV[1]
local ttl = toInteger(ARGV[2], "ARGV[2] leaseTtlMs")

if redis.call("SET", leaseKey, token, "NX", "PX", fmt(ttl)) then
  return 1
end
if redis.call("GET", leaseKey) ~= token then
  return -3
end
redis.call("PEXPIRE", leaseKey, fmt(ttl))
return 2
