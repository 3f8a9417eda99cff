--[[
  readSubscription-4: the state of one subscription, optionally with its members and one
  user's personal version (includes/personal), and extend its idle expiry.

  KEYS[1]  meta key     subq:{t:s}:meta     (hash)
  KEYS[2]  members key  subq:{t:s}:members  (set of issue ids)
  KEYS[3]  lock key     subq:{t:s}:lock     (string)
  KEYS[4]  personal key subq:{t:s}:personal (hash "<field>:<user>" -> version)

  ARGV[1]  nowMs             integer, ms since epoch
  ARGV[2]  idleTtlMs         integer, ms, the idle expiry set on a fresh or stale read
  ARGV[3]  stalenessBoundMs  integer, ms, data older than this (now - refreshedAt) reads
                             as stale even without the stale flag (the backup TTL)
  ARGV[4]  inlineMax         integer: return the members in the reply when the stored count
                             is at most this (fresh and stale only); -1 never
  ARGV[5]  minPosition       a WAL position "HI/LO" the caller must have seen, or ""
  ARGV[6]  touchIntervalMs   integer, ms: the expiry is extended only when the last touch
                             (lastReadAt) is at least this old, so a hot subscription
                             costs no writes per read; its expiry stays within this much of
                             idleTtlMs after its last read. 0 touches on every read.
  ARGV[7]  personalEntry     "<field>:<user>" of the searcher of a personal query, or ""

  Reply: {state, version, gen, refreshedAt, count, position, positionSeen, membersIncluded,
          members, personalVersion}
    state         "fresh" | "stale" | "tooLarge" | "populating" | "missing"
                  populating: no committed data and a lock exists; missing: neither.
    version, gen  integers (0 when no meta hash exists)
    refreshedAt   integer ms (0 when never committed)
    count         integer, members stored (for tooLarge: at least cap + 1)
    position      text, the WAL position the committed result saw ("" when unknown)
    positionSeen  1 when minPosition is "" or position >= minPosition, else 0
    membersIncluded  1 when `members` holds the member set (fresh or stale, count <=
                  inlineMax), else 0
    members       array of issue ids (decimal strings); empty unless membersIncluded
    personalVersion  integer: that user's personal version (the version when the entry
                  is ""), read with the same state as the rest
  No negative replies.

  Side effects: for fresh and stale only, and at most once per touchIntervalMs, PEXPIRE of
  meta, members and the personal hash (when it exists) to idleTtlMs and HSET meta lastReadAt. Missing, populating and tooLarge
  reads write nothing (a tooLarge decision is remembered for its own TTL, then re-examined).
  Members returned here pass through a Lua table, which costs the server two to three times
  a plain SMEMBERS. The TypeScript wrapper therefore pipelines SMEMBERS + HGET version behind
  this script (inlineMax -1) and checks the version; it asks for the members here only when
  a concurrent change moved the version in between.
  The lock key is read only when there is no committed data (populating vs missing).
  Not marked `#!lua flags=no-writes`: it writes, and neither Redis 6.2 nor ioredis-mock
  accept a shebang line.
]]
--- @include "includes/toInteger"
--- @include "includes/readMeta"
--- @include "includes/fmt"
--- @include "includes/comparePositions"
--- @include "includes/personal"

local metaKey, membersKey, lockKey, personalKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local idleTtl = toInteger(ARGV[2], "ARGV[2] idleTtlMs")
local bound = toInteger(ARGV[3], "ARGV[3] stalenessBoundMs")
local inlineMax = toInteger(ARGV[4], "ARGV[4] inlineMax")
local minPosition = ARGV[5] or ""
local touchInterval = toInteger(ARGV[6], "ARGV[6] touchIntervalMs")
local personalEntry = ARGV[7] or ""

local meta = readMeta(metaKey)
local version = tonumber(meta.version) or 0
local gen = tonumber(meta.gen) or 0
local personal = personalVersion(meta, personalKey, personalEntry)

if meta.refreshedAt == nil then
  local state = redis.call("EXISTS", lockKey) == 1 and "populating" or "missing"
  return {state, version, gen, 0, 0, "", minPosition == "" and 1 or 0, 0, {}, personal}
end

local refreshedAt = tonumber(meta.refreshedAt)
local count = tonumber(meta.count) or 0
local position = meta.position or ""
local seen = 1
if minPosition ~= "" then
  seen = (position ~= "" and comparePositions(position, minPosition) >= 0) and 1 or 0
end

if meta.tooLarge == "1" then
  return {"tooLarge", version, gen, refreshedAt, count, position, seen, 0, {}, personal}
end

local state = "fresh"
if meta.stale == "1" or now - refreshedAt > bound then
  state = "stale"
end

local lastReadAt = tonumber(meta.lastReadAt)
if lastReadAt == nil or now - lastReadAt >= touchInterval or now < lastReadAt then
  redis.call("PEXPIRE", metaKey, fmt(idleTtl))
  redis.call("PEXPIRE", membersKey, fmt(idleTtl))
  redis.call("PEXPIRE", personalKey, fmt(idleTtl))
  redis.call("HSET", metaKey, "lastReadAt", fmt(now))
end

if inlineMax >= 0 and count <= inlineMax then
  return {state, version, gen, refreshedAt, count, position, seen, 1, redis.call("SMEMBERS", membersKey), personal}
end
return {state, version, gen, refreshedAt, count, position, seen, 0, {}, personal}
