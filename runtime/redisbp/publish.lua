-- Appends one event to a topic's stream, trims the history and announces
-- the event, in one atomic step.
--
-- KEYS[1]  the topic's stream
-- ARGV[1]  the topic's notification channel
-- ARGV[2]  the fewest entries to keep (1 or more)
-- ARGV[3]  the shortest age to keep, in milliseconds (0: no age limit)
-- ARGV[4]  the event name
-- ARGV[5]  the event data
-- ARGV[6]  how to announce: PUBLISH on one server, SPUBLISH on a cluster
--          (sharded Pub/Sub: the note goes to the topic's shard only)
--
-- Returns the new entry's id.
local key = KEYS[1]
local maxAge = tonumber(ARGV[3])

-- The id before the new one, for the note: trimming never removes the
-- newest entry, so the last entry is the last id the stream handed out.
local prev = '0-0'
local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
if #last > 0 then
  prev = last[1][1]
end

-- Trimming is approximate ("~"): Redis drops whole blocks of old entries,
-- which costs next to nothing, where exact trimming leaves deleted entries
-- behind that every later read of the oldest entry must step over.
local id = redis.call('XADD', key, 'MAXLEN', '~', ARGV[2], '*', 'n', ARGV[4], 'd', ARGV[5])
if maxAge > 0 then
  local ms = tonumber(string.match(id, '^(%d+)-'))
  if ms > maxAge then
    redis.call('XTRIM', key, 'MINID', '~', string.format('%d-0', ms - maxAge))
  end
  -- A topic silent for maxAge has nothing left worth replaying.
  redis.call('PEXPIRE', key, maxAge)
end

redis.call(ARGV[6], ARGV[1], prev .. '\n' .. id .. '\n' .. ARGV[4] .. '\n' .. ARGV[5])
return id
