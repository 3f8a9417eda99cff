-- replayJournal(journalKey, startSeq, currentSeq, set, count): apply to the Lua set `set`
-- (issue id -> true) every patch journaled after startSeq, in order, and return
-- (complete, count). Entries look like "<seq> +<issueId>" / "<seq> -<issueId>".
-- setMembership bumps the meta `seq` on every patch and journals it while a lock exists,
-- so the journal is complete exactly when it holds currentSeq - startSeq entries newer
-- than startSeq; a patch made while no lock existed, a trimmed or an expired journal make
-- it incomplete and the caller keeps the subscription stale.
local function replayJournal(journalKey, startSeq, currentSeq, set, count)
  local expected = currentSeq - startSeq
  if expected == 0 then
    return true, count
  end
  local entries = redis.call("LRANGE", journalKey, 0, -1)
  local found = 0
  for i = 1, #entries do
    local seq, op, id = string.match(entries[i], "^(%d+) ([+-])(%d+)$")
    if seq ~= nil and tonumber(seq) > startSeq then
      found = found + 1
      if op == "+" and not set[id] then
        set[id] = true
        count = count + 1
      elseif op == "-" and set[id] then
        set[id] = nil
        count = count - 1
      end
    end
  end
  return found == expected, count
end
