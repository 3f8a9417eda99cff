-- syncMembers(membersKey, set): make the Redis set at membersKey equal the Lua set `set`
-- (issue id -> true) by writing only the difference, in chunks that stay below Lua's
-- unpack limit (8000 on Redis' Lua 5.1). Returns the number of ids added plus removed.
local CHUNK = 1000

local function writeChunked(command, key, ids)
  for i = 1, #ids, CHUNK do
    redis.call(command, key, unpack(ids, i, math.min(i + CHUNK - 1, #ids)))
  end
end

local function syncMembers(membersKey, set)
  local old = redis.call("SMEMBERS", membersKey)
  local seen, removed, added = {}, {}, {}
  for i = 1, #old do
    local id = old[i]
    seen[id] = true
    if not set[id] then
      removed[#removed + 1] = id
    end
  end
  for id in pairs(set) do
    if not seen[id] then
      added[#added + 1] = id
    end
  end
  writeChunked("SREM", membersKey, removed)
  writeChunked("SADD", membersKey, added)
  return #added + #removed
end
