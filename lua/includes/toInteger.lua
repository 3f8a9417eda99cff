-- toInteger(value, name): ARGV value as a whole number, or a script error naming the
-- argument. Scripts parse every ARGV before their first write, so a bad argument never
-- leaves a half-applied change (Redis does not roll back a failed script).
local function toInteger(value, name)
  local n = tonumber(value)
  if n == nil or n ~= math.floor(n) then
    error("subq: " .. name .. " must be a whole number, got '" .. tostring(value) .. "'")
  end
  return n
end
