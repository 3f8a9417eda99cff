-- comparePositions(a, b): -1, 0 or 1 for two Postgres WAL positions "HI/LO" (hex, no
-- leading-zero rule, either case; validated in TypeScript). A position may carry its
-- snapshot after "@" ("0/16B3748@100:105:101"); only the LSN part is compared. Compared as text, digit by
-- digit, because fengari's tonumber(s, 16) wraps at 2^31 and Lua's string `<` follows
-- the server's collation locale.
local function normalizeHex(s)
  s = string.upper(string.gsub(s, "^0+", ""))
  return s
end

local function compareHex(a, b)
  a, b = normalizeHex(a), normalizeHex(b)
  if #a ~= #b then
    return #a < #b and -1 or 1
  end
  for i = 1, #a do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x < y and -1 or 1
    end
  end
  return 0
end

local function comparePositions(a, b)
  local aHi, aLo = string.match(a, "^(%x+)/(%x+)")
  local bHi, bLo = string.match(b, "^(%x+)/(%x+)")
  if aHi == nil or bHi == nil then
    error("subq: positions must look like '16/B374D848', got '" .. a .. "' and '" .. b .. "'")
  end
  local hi = compareHex(aHi, bHi)
  if hi ~= 0 then
    return hi
  end
  return compareHex(aLo, bLo)
end
