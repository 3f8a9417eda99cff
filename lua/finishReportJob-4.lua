--[[
  finishReportJob-4: after Finalise committed the report (or found it committed), mark the
  run's intermediate state finished and keep it only for inspection.

  KEYS[1]  meta key  subq:{t:rpt-<scope>-<run>}:meta
  KEYS[2]  acc key   subq:{t:rpt-<scope>-<run>}:acc
  KEYS[3]  done key  subq:{t:rpt-<scope>-<run>}:done
  KEYS[4]  log key   subq:{t:rpt-<scope>-<run>}:log

  ARGV[1]  nowMs            integer, ms since epoch
  ARGV[2]  state            text, the run's outcome ("succeeded" or "superseded")
  ARGV[3]  inspectionTtlMs  integer > 0, ms the keys live on

  Replies
     1  done
    -10  E_REPORT_JOB_GONE  no meta hash: nothing written

  Side effects: HSET meta state, finishedAtMs; PEXPIRE on all four keys (from now).
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"

local metaKey, accKey, doneKey, logKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local ttl = fmt(toInteger(ARGV[3], "ARGV[3] inspectionTtlMs"))
if redis.call("EXISTS", metaKey) == 0 then
  return -10
end
redis.call("HSET", metaKey, "state", ARGV[2], "finishedAtMs", fmt(now))
redis.call("PEXPIRE", metaKey, ttl)
redis.call("PEXPIRE", accKey, ttl)
redis.call("PEXPIRE", doneKey, ttl)
redis.call("PEXPIRE", logKey, ttl)
return 1
