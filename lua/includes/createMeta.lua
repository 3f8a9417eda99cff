--- @include "fmt"

-- createMeta(metaKey, nowMs, ttlMs): a pending meta hash whose counters (version, dirty
-- generation, patch sequence) start at nowMs * 1000. Counters then only grow, so a
-- subscription re-created after expiry never reuses a version a poller has seen (the old
-- one would need more than 1000 bumps per millisecond of its life to catch up), and a
-- refresh that straddles a re-creation always compares older than the new one.
local function createMeta(metaKey, nowMs, ttlMs)
  local base = fmt(nowMs * 1000)
  redis.call("HSET", metaKey, "version", base, "base", base, "gen", base, "seq", base, "stale", "0",
    "tooLarge", "0", "count", "0", "createdAt", fmt(nowMs))
  redis.call("PEXPIRE", metaKey, fmt(ttlMs))
  return base
end
