--[[
  applyReportBatch-4: merge one batch's contribution into a report run's state, at most
  once per batch, atomically. Counters merge by the operation their field name starts
  with: "s:" sum (HINCRBY), "x:" max, "n:" min. All three commute, so batches apply in any
  order; the done set makes a retried or duplicated batch a no-op, so sums never count
  a batch twice.

  KEYS[1]  meta key  subq:{t:rpt-<scope>-<run>}:meta  (hash, written by initReportJob)
  KEYS[2]  acc key   subq:{t:rpt-<scope>-<run>}:acc   (hash: "<op>:<key>" -> integer)
  KEYS[3]  done key  subq:{t:rpt-<scope>-<run>}:done  (set of batch indexes)
  KEYS[4]  log key   subq:{t:rpt-<scope>-<run>}:log   (hash: batch index -> entry)

  ARGV[1]    nowMs        integer, ms since epoch
  ARGV[2]    batch        integer >= 0, the batch index
  ARGV[3]    logEntry     text, "<durationMs> <issues> <attempt>" for inspection
  ARGV[4..]  field, value pairs: field "<op>:<key>", value a whole number (decimal)

  Replies
    n > 0  applied; n is the number of batches applied so far (progress)
     0     this batch was applied before: nothing changed
    -10  E_REPORT_JOB_GONE     no meta hash (expired, discarded after a deadline or a
                               failure, or evicted): nothing written
    -11  E_REPORT_NOT_RUNNING  the run is finished or stopped: nothing written
    -12  E_REPORT_DEADLINE     nowMs is past the run's deadline: nothing written

  Side effects: HINCRBY / HSET on acc, SADD done, HSET log; acc, done and log get the
  meta's absolute expiry (PEXPIREAT expireAtMs).
]]
--- @include "includes/toInteger"
--- @include "includes/fmt"
--- @include "includes/present"

local metaKey, accKey, doneKey, logKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now = toInteger(ARGV[1], "ARGV[1] nowMs")
local batch = toInteger(ARGV[2], "ARGV[2] batch")
if (#ARGV - 3) % 2 ~= 0 then
  error("subq: ARGV[4..] must be field, value pairs")
end
-- Parse everything before the first write: Redis does not roll back a failed script.
for i = 4, #ARGV, 2 do
  local op = string.sub(ARGV[i], 1, 2)
  if op ~= "s:" and op ~= "x:" and op ~= "n:" then
    error("subq: field '" .. ARGV[i] .. "' must start with s:, x: or n:")
  end
  toInteger(ARGV[i + 1], "value of " .. ARGV[i])
end

local meta = redis.call("HMGET", metaKey, "state", "deadlineMs", "expireAtMs")
local state = present(meta[1])
if state == nil then
  return -10
end
if state ~= "running" then
  return -11
end
if now > toInteger(meta[2], "meta deadlineMs") then
  return -12
end
local member = tostring(batch)
if redis.call("SISMEMBER", doneKey, member) == 1 then
  return 0
end

for i = 4, #ARGV, 2 do
  local field, value = ARGV[i], ARGV[i + 1]
  local op = string.sub(field, 1, 2)
  if op == "s:" then
    redis.call("HINCRBY", accKey, field, value)
  else
    local current = present(redis.call("HGET", accKey, field))
    local v = tonumber(value)
    if current == nil or (op == "x:" and v > tonumber(current)) or (op == "n:" and v < tonumber(current)) then
      redis.call("HSET", accKey, field, value)
    end
  end
end
redis.call("SADD", doneKey, member)
redis.call("HSET", logKey, member, ARGV[3])
local expireAt = fmt(toInteger(meta[3], "meta expireAtMs"))
redis.call("PEXPIREAT", doneKey, expireAt)
redis.call("PEXPIREAT", logKey, expireAt)
if redis.call("EXISTS", accKey) == 1 then
  redis.call("PEXPIREAT", accKey, expireAt)
end
return redis.call("SCARD", doneKey)
