-- lockOwnership(lockKey, token): 0 when `token` holds the lock, -4 (E_LOCK_EXPIRED) when
-- nobody does, -2 (E_LOCK_NOT_OWNED) when another token does (ours expired and was re-taken).
local function lockOwnership(lockKey, token)
  local holder = redis.call("GET", lockKey)
  if not holder then
    return -4
  end
  if holder ~= token then
    return -2
  end
  return 0
end
