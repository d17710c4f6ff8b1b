-- Sets one node's count of subscribers of a topic and returns the topic's
-- count on every node, with a version that orders announcements.
--
-- KEYS[1]  the topic's presence hash: node id -> count, and '#v' -> version
-- ARGV[1]  the node id
-- ARGV[2]  the node's count (0 removes the node)
-- ARGV[3]  how long a hash counting nobody is kept, in milliseconds
--
-- Returns {total, version}.
local key = KEYS[1]
local n = tonumber(ARGV[2])
if n > 0 then
  redis.call('HSET', key, ARGV[1], n)
else
  redis.call('HDEL', key, ARGV[1])
end
-- The version only grows while the hash exists; a hash counting nobody is
-- kept long past the time nodes remember a topic's version, so that a new
-- hash's versions never meet a node's memory of an old one.
local v = redis.call('HINCRBY', key, '#v', 1)
local total = 0
local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  if all[i] ~= '#v' then
    total = total + tonumber(all[i + 1])
  end
end
if total == 0 then
  redis.call('PEXPIRE', key, ARGV[3])
else
  redis.call('PERSIST', key)
end
return {total, v}
