-- fmt(n): a whole number as a decimal string, identical on every Lua we run on.
-- tostring() is not: Redis' Lua 5.1 prints 1760000000000001 as "1.76e+15" and fengari
-- (ioredis-mock, Lua 5.3 with 32-bit integers) prints 5 as "5.0". "%.0f" prints every
-- integer below 2^53 exactly on both, so every number written to Redis goes through fmt.
local function fmt(n)
  return string.format("%.0f", n)
end
