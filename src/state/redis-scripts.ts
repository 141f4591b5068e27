/**
 * Lua scripts of the Redis state store: each runs atomically in Redis, so replicas never race between a check
 * and a write. The rolling window mirrors core/rolling-window.ts: a sorted set whose score is the moment a slot
 * leaves the window; members are `p:<id>` while pending and `c:<id>` once completed.
 */

/** KEYS[1] window; ARGV now, count, limit, windowMs, pendingMs, slot ids… → {1, 0} granted | {0, retryAfterMs}. */
export const TAKE_SLOTS = `
local now = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local pending = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if count > limit then return {0, window} end
local size = redis.call('ZCARD', KEYS[1])
if size + count > limit then
  local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  local leaves = {}
  for i = 1, #entries, 2 do
    local at = tonumber(entries[i + 1])
    if string.sub(entries[i], 1, 2) == 'p:' then at = now + window end
    table.insert(leaves, at)
  end
  table.sort(leaves)
  local at = leaves[size + count - limit] or (now + window)
  return {0, math.max(1, at - now)}
end
for i = 6, #ARGV do redis.call('ZADD', KEYS[1], now + pending + window, 'p:' .. ARGV[i]) end
if redis.call('PTTL', KEYS[1]) < pending + window then redis.call('PEXPIRE', KEYS[1], pending + window) end
return {1, 0}
`;

/** KEYS[1] window; ARGV now, slot id, windowMs. */
export const COMPLETE_SLOT = `
local window = tonumber(ARGV[3])
if redis.call('ZREM', KEYS[1], 'p:' .. ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + window, 'c:' .. ARGV[2])
  if redis.call('PTTL', KEYS[1]) < window then redis.call('PEXPIRE', KEYS[1], window) end
end
return 0
`;

/** KEYS[1] window; ARGV now, limit, windowMs, member ids… */
export const SATURATE_SLOTS = `
redis.call('DEL', KEYS[1])
local leaves = tonumber(ARGV[1]) + tonumber(ARGV[3])
for i = 4, #ARGV do redis.call('ZADD', KEYS[1], leaves, 'c:' .. ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 0
`;

/** KEYS[1] window; ARGV now, limit → free slots. */
export const FREE_SLOTS = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]))
return math.max(0, tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1]))
`;

/** KEYS[1]; ARGV expected value → 1 deleted | 0. */
export const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
