--[[
  initReportJob-4: create the intermediate state of one report run (Initialise), once.
  A retried Initialise finds the meta hash and changes nothing, so it can never wipe the
  contributions of batches that already ran.

  KEYS[1]  meta key  subq:{t:rpt-<scope>-<run>}:meta  (hash: state, runId, tool, scope,
                     batches, deadlineMs, expireAtMs, startedAtMs)
  KEYS[2]  acc key   subq:{t:rpt-<scope>-<run>}:acc   (hash: merged counters)
  KEYS[3]  done key  subq:{t:rpt-<scope>-<run>}:done  (set: indexes of applied batches)
  KEYS[4]  log key   subq:{t:rpt-<scope>-<run>}:log   (hash: batch index -> "ms issues attempt")

  ARGV[1]  nowMs       integer, ms since epoch (the caller's clock)
  ARGV[2]  deadlineMs  integer, ms since epoch: no batch is applied after it
  ARGV[3]  expireAtMs  integer, ms since epoch: every key expires then (deadline plus the
                       inspection time), so a run whose workers all died leaves nothing
  ARGV[4]  batches     integer >= 0, the number of batches of the run
  ARGV[5]  runId       text
  ARGV[6]  tool        text
  ARGV[7]  scope       text, the canonical scope

  Replies
     1  created: leftovers of the keys deleted, meta written (state "running")
     0  already initialised: nothing changed
    -12  E_REPORT_DEADLINE  nowMs is past deadlineMs: nothing written

  Side effects: DEL acc, done, log; HSET meta; PEXPIREAT meta at expireAtMs.
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"

local metaKey, accKey, doneKey, logKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local deadline = toInteger(ARGV[2], "ARGV[2] deadlineMs")
local expireAt = toInteger(ARGV[3], "ARGV[3] expireAtMs")
local batches = toInteger(ARGV[4], "ARGV[4] batches")

if redis.call("EXISTS", metaKey) == 1 then
  return 0
end
if now > deadline then
  return -12
end
redis.call("DEL", accKey, doneKey, logKey)
redis.call("HSET", metaKey, "state", "running", "runId", ARGV[5], "tool", ARGV[6], "scope", ARGV[7],
  "batches", fmt(batches), "deadlineMs", fmt(deadline), "expireAtMs", fmt(expireAt),
  "startedAtMs", fmt(now))
redis.call("PEXPIREAT", metaKey, fmt(expireAt))
return 1
