--[[
  setMembership-5: patch one issue in or out of a subscription's member set (an event
  that carries the issue's full snapshot), bumping the version only on a real change:
  the named users' personal versions when the event says whose answers it can move
  (includes/personal), else the base with it.

  KEYS[1]  meta key     subq:{t:s}:meta     (hash)
  KEYS[2]  members key  subq:{t:s}:members  (set of issue ids)
  KEYS[3]  lock key     subq:{t:s}:lock     (string)
  KEYS[4]  journal key  subq:{t:s}:journal  (list "<seq> <+|-><issueId>")
  KEYS[5]  personal key subq:{t:s}:personal (hash "<field>:<user>" -> version)

  ARGV[1]  op                 "+" (the issue now matches Stage 1) or "-" (it does not)
  ARGV[2]  issueId            decimal string
  ARGV[3]  nowMs              integer, ms since epoch
  ARGV[4]  journalTtlMs       integer, ms, expiry of the journal (>= the longest refresh)
  ARGV[5]  journalMaxEntries  integer, the journal keeps the newest entries only
  ARGV[6]  fallbackTtlMs      integer, ms, expiry for a members key created here if the
                              meta hash has none (it always should)
  ARGV[7]  channel            text, the tenant's versions channel (built in keys.ts)
  ARGV[8]  subscriptionId     text

  Replies
    {outcome, version}
      outcome 1  changed: the set changed, version bumped and published
      outcome 0  unchanged: the issue was already in (or out of) the set
      outcome 2  notPopulated: no committed data yet; nothing to patch (journaled for the
                 populate's commit when a populate holds the lock)
      outcome 3  tooLarge: no members are stored; the version is bumped and published
                 because the directly-answered results may have changed
    -1  E_SUBSCRIPTION_MISSING  no meta hash

  Side effects: HINCRBY meta seq on every patch; while a lock exists (a populate or
  refresh is running) the patch is also appended to the journal (trimmed, expiry reset),
  and commitResult replays it on top of the refresh's result. SADD/SREM and HINCRBY count
  on a change; a members key created by SADD gets the meta hash's remaining expiry.
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"
--- @include "includes/readMeta"
--- @include "includes/bumpVersion"
--- @include "includes/personal"
--- @include "includes/publishVersion"

local metaKey, membersKey, lockKey, journalKey, personalKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local op, issueId = ARGV[1], ARGV[2]
local now = toInteger(ARGV[3], "ARGV[3] nowMs")
local journalTtl = toInteger(ARGV[4], "ARGV[4] journalTtlMs")
local journalMax = toInteger(ARGV[5], "ARGV[5] journalMaxEntries")
local fallbackTtl = toInteger(ARGV[6], "ARGV[6] fallbackTtlMs")
local channel, subscriptionId = ARGV[7], ARGV[8]
local entries = personalEntries(ARGV, 9, "ARGV[9] personalCount")
if op ~= "+" and op ~= "-" then
  error("subq: ARGV[1] op must be '+' or '-', got '" .. tostring(op) .. "'")
end
if not string.match(issueId or "", "^%d+$") then
  error("subq: ARGV[2] issueId must be a decimal id, got '" .. tostring(issueId) .. "'")
end

local meta = readMeta(metaKey)
if meta.version == nil then
  return -1
end
local version = tonumber(meta.version)

local seq = redis.call("HINCRBY", metaKey, "seq", "1")
if redis.call("EXISTS", lockKey) == 1 then
  redis.call("RPUSH", journalKey, fmt(seq) .. " " .. op .. issueId)
  redis.call("LTRIM", journalKey, fmt(-journalMax), "-1")
  redis.call("PEXPIRE", journalKey, fmt(journalTtl))
end

if meta.refreshedAt == nil then
  return {2, version}
end
if meta.tooLarge == "1" then
  version = bumpPersonal(metaKey, personalKey, meta, now, entries)
  publishVersion(channel, subscriptionId, version, "tooLarge")
  return {3, version}
end

local changed
if op == "+" then
  changed = redis.call("SADD", membersKey, issueId)
  if changed == 1 and redis.call("PTTL", membersKey) < 0 then
    local ttl = redis.call("PTTL", metaKey)
    redis.call("PEXPIRE", membersKey, fmt(ttl > 0 and ttl or fallbackTtl))
  end
else
  changed = redis.call("SREM", membersKey, issueId)
end
if changed == 0 then
  return {0, version}
end

redis.call("HINCRBY", metaKey, "count", op == "+" and "1" or "-1")
version = bumpPersonal(metaKey, personalKey, meta, now, entries)
publishVersion(channel, subscriptionId, version, flagState(meta))
return {1, version}
