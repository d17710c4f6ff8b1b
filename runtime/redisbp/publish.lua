-- Appends one event to a topic's stream, trims the history, records the
-- newest trimmed id and announces the event, in one atomic step.
--
-- KEYS[1]  the topic's stream
-- ARGV[1]  the topic's notification channel
-- ARGV[2]  the most entries to keep (1 or more)
-- ARGV[3]  the oldest age to keep, in milliseconds (0: no age limit)
-- ARGV[4]  the event name
-- ARGV[5]  the event data
--
-- Returns the new entry's id.
local key = KEYS[1]
local maxLen = tonumber(ARGV[2])
local maxAge = tonumber(ARGV[3])

-- The id before the new one, for the note: the newest entry is never
-- trimmed, so the last entry is the last id the stream handed out.
local prev = '0-0'
local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
if #last > 0 then
  prev = last[1][1]
end

local id = redis.call('XADD', key, '*', 'n', ARGV[4], 'd', ARGV[5])

-- cut is the newest id that trimming removes. Since needs it to tell a
-- position whose successors are all kept from one that lost some, and
-- Redis does not record it for XTRIM by itself.
local cut = nil
if maxAge > 0 then
  local ms = tonumber(string.match(id, '^(%d+)-'))
  if ms > maxAge then
    local min = string.format('%d-0', ms - maxAge)
    local old = redis.call('XREVRANGE', key, '(' .. min, '-', 'COUNT', 1)
    if #old > 0 then
      cut = old[1][1]
      redis.call('XTRIM', key, 'MINID', min)
    end
  end
  -- A topic silent for maxAge would have nothing left to replay anyway.
  redis.call('PEXPIRE', key, maxAge)
end
local over = redis.call('XLEN', key) - maxLen
if over > 0 then
  local old = redis.call('XRANGE', key, '-', '+', 'COUNT', over)
  cut = old[#old][1]
  redis.call('XTRIM', key, 'MAXLEN', maxLen)
end
if cut then
  redis.call('XSETID', key, id, 'MAXDELETEDID', cut)
end

redis.call('PUBLISH', ARGV[1], prev .. '\n' .. id .. '\n' .. ARGV[4] .. '\n' .. ARGV[5])
return id
