-- present(v): v, or nil when a scalar reply slot is empty.
-- Real Redis answers a missing HMGET field / ZSCORE with false; ioredis-mock hands Lua a
-- JS null, which is a truthy userdata. Never test such a reply for truth directly.
local function present(v)
  if v == false or v == nil or type(v) == "userdata" then
    return nil
  end
  return v
end
