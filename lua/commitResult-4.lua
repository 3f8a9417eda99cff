--[[
  commitResult-4: store the Stage 1 result of a populate or refresh atomically: members,
  metadata and flags; bump the version only when the member set changed; clear the stale
  flag only when no event dirtied the subscription since the refresh started; release the
  lock when still owned; publish the version.

  KEYS[1]  meta key     subq:{t:s}:meta     (hash)
  KEYS[2]  members key  subq:{t:s}:members  (set of issue ids)
  KEYS[3]  lock key     subq:{t:s}:lock     (string: owner token)
  KEYS[4]  journal key  subq:{t:s}:journal  (list of patches made while a lock existed)

  ARGV[1]   token           string, the owner token given to addLock
  ARGV[2]   nowMs           integer, ms since epoch
  ARGV[3]   startGen        integer, the dirty generation addLock returned
  ARGV[4]   startSeq        integer, the patch sequence addLock returned
  ARGV[5]   refreshedAtMs   integer, ms: when the data was read (taken before the event
                            index registration and the query; the staleness bound and the
                            data age count from it)
  ARGV[6]   idleTtlMs       integer, ms, expiry of meta and members
  ARGV[7]   maxMembers      integer, the Stage 1 size cap
  ARGV[8]   tooLargeTtlMs   integer, ms, how long a too-large decision is remembered
  ARGV[9]   position        text, WAL position "HI/LO" the query saw, optionally followed
                            by "@xmin:xmax:xip,..." (its snapshot), or "" if unknown
  ARGV[10]  stage1          text, the normalized Stage 1 JQL
  ARGV[11]  metadata        text, the event-matching value sets ("project=1,2;status=3")
  ARGV[12]  channel         text, the tenant's versions channel (built in keys.ts)
  ARGV[13]  subscriptionId  text
  ARGV[14..] issue ids      decimal strings, the Stage 1 result (duplicates allowed)

  Replies
    {version, state, changed, lockReleased}
       version       integer after the commit
       state         "fresh" | "stale" | "tooLarge"
       changed       1 when the stored member set (or too-large verdict) changed
       lockReleased  1 when the lock was still ours and is now released
    -6  E_COMMIT_SUPERSEDED  a result from a newer refresh is already stored (its start
                             generation is higher, or equal with a later position); nothing
                             is written except that the lock is released if still ours.

  Side effects
    - Patches journaled after startSeq are replayed on top of the new members, so a
      SADD/SREM made during the refresh survives it; if the journal is incomplete the
      subscription stays stale. Stale also stays when the generation moved (an event
      arrived during the refresh) or the meta hash vanished meanwhile (history unknown).
    - More than maxMembers distinct ids (before or after the replay): members deleted,
      tooLarge=1 remembered for tooLargeTtlMs. The caller may send only maxMembers + 1.
    - Meta and members get idleTtlMs (tooLarge: meta gets tooLargeTtlMs).
    - When the lock was ours: lock and journal deleted.
    - PUBLISH "<subscriptionId> <version> <state>" on the channel (wakes populate waiters).
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"
--- @include "includes/readMeta"
--- @include "includes/createMeta"
--- @include "includes/bumpVersion"
--- @include "includes/publishVersion"
--- @include "includes/comparePositions"
--- @include "includes/replayJournal"
--- @include "includes/syncMembers"

local metaKey, membersKey, lockKey, journalKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token = ARGV[1]
local now = toInteger(ARGV[2], "ARGV[2] nowMs")
local startGen = toInteger(ARGV[3], "ARGV[3] startGen")
local startSeq = toInteger(ARGV[4], "ARGV[4] startSeq")
local refreshedAt = toInteger(ARGV[5], "ARGV[5] refreshedAtMs")
local idleTtl = toInteger(ARGV[6], "ARGV[6] idleTtlMs")
local maxMembers = toInteger(ARGV[7], "ARGV[7] maxMembers")
local tooLargeTtl = toInteger(ARGV[8], "ARGV[8] tooLargeTtlMs")
local position = ARGV[9]
local stage1, metadata, channel, subscriptionId = ARGV[10], ARGV[11], ARGV[12], ARGV[13]
local FIRST_ID = 14

local function releaseIfOwned()
  if redis.call("GET", lockKey) == token then
    redis.call("DEL", lockKey, journalKey)
    return 1
  end
  return 0
end

local meta = readMeta(metaKey)
if meta.dataGen ~= nil then
  local dataGen = tonumber(meta.dataGen)
  local olderPosition = position ~= "" and meta.position ~= nil
    and comparePositions(position, meta.position) < 0
  if startGen < dataGen or (startGen == dataGen and olderPosition) then
    releaseIfOwned()
    return -6
  end
end

local stale = false
if meta.version == nil then
  createMeta(metaKey, now, idleTtl)
  meta = readMeta(metaKey)
  stale = true
end
if tonumber(meta.gen) ~= startGen then
  stale = true
end

local set, count = {}, 0
for i = FIRST_ID, #ARGV do
  local id = ARGV[i]
  if not set[id] then
    set[id] = true
    count = count + 1
  end
end
-- The cap applies to the query's own result too: a caller may stop reading at
-- maxMembers + 1 rows, and replayed removals must not pass such a cut-off set as complete.
local tooLarge = count > maxMembers
local complete
complete, count = replayJournal(journalKey, startSeq, tonumber(meta.seq), set, count)
if not complete then
  stale = true
end
tooLarge = tooLarge or count > maxMembers

local wasPopulated = meta.refreshedAt ~= nil
local wasTooLarge = meta.tooLarge == "1"
local changed
if tooLarge then
  redis.call("DEL", membersKey)
  changed = not wasPopulated or not wasTooLarge
else
  changed = syncMembers(membersKey, set) > 0 or not wasPopulated or wasTooLarge
end

redis.call("HSET", metaKey, "refreshedAt", fmt(refreshedAt), "count", fmt(count),
  "tooLarge", tooLarge and "1" or "0", "stale", stale and "1" or "0", "dataGen", fmt(startGen),
  "stage1", stage1, "metadata", metadata, "committedAt", fmt(now))
if position ~= "" then
  redis.call("HSET", metaKey, "position", position)
else
  redis.call("HDEL", metaKey, "position")
end

local version = tonumber(meta.version)
if changed then
  version = bumpVersion(metaKey, version, now)
end

local state = "fresh"
if tooLarge then
  state = "tooLarge"
  redis.call("PEXPIRE", metaKey, fmt(tooLargeTtl))
else
  if stale then
    state = "stale"
  end
  redis.call("PEXPIRE", metaKey, fmt(idleTtl))
  redis.call("PEXPIRE", membersKey, fmt(idleTtl))
end

local released = releaseIfOwned()
publishVersion(channel, subscriptionId, version, state)
return {version, state, changed and 1 or 0, released}
