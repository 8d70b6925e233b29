-- The room directory's operations, each run atomically by Redis (EVALSHA of this one script):
-- nothing else runs while an operation checks and changes the keys, which is what makes a seat
-- reservation race-free. ARGV[1] is the operation, ARGV[2] the key prefix (a hash tag, "{name}",
-- so every key lands in one cluster slot), the rest the operation's arguments.
--
-- Keys (P = prefix):
--   P:servers            SET   ids of registered servers (lapsed ones are swept when seen)
--   P:server:ID          HASH  host port capacity incarnation players rooms draining claimed; PEXPIRE server TTL
--   P:reserved:ID        ZSET  unclaimed reservation ids of server ID, scored by expiry (ms)
--   P:resv:RID           HASH  server incarnation player room expires; PEXPIRE reservation TTL
--   P:player:PID         STRING the player's unclaimed reservation id; PEXPIRE reservation TTL
--   P:owned:ID           SET   room ids server ID recorded
--   P:rooms              HASH  room id -> "ID|incarnation" of its owner
--
-- Ids, incarnations and player ids are 63-bit numbers: Lua's numbers are doubles, so they stay
-- strings here and are compared as strings. Time is Redis's own clock (TIME), the same for every
-- caller. Answers: {"OK", ...} or {ERROR_NAME, detail}.

local op = ARGV[1]
local P = ARGV[2]

local function now_ms()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function server_key(id) return P .. ':server:' .. id end
local function reserved_key(id) return P .. ':reserved:' .. id end
local function owned_key(id) return P .. ':owned:' .. id end
local function resv_key(rid) return P .. ':resv:' .. rid end
local function player_key(pid) return P .. ':player:' .. pid end
local ROOMS = P .. ':rooms'
local SERVERS = P .. ':servers'

-- Drops what server id holds: its rooms (those it still owns), its unclaimed reservations.
local function drop_holdings(id)
    local prefix = id .. '|'
    for _, room in ipairs(redis.call('SMEMBERS', owned_key(id))) do
        local owner = redis.call('HGET', ROOMS, room)
        if owner and string.sub(owner, 1, #prefix) == prefix then
            redis.call('HDEL', ROOMS, room)
        end
    end
    for _, rid in ipairs(redis.call('ZRANGE', reserved_key(id), 0, -1)) do
        redis.call('DEL', resv_key(rid))
    end
    redis.call('DEL', owned_key(id), reserved_key(id))
end

-- Unclaimed reservations of server id that have not expired.
local function reserved_count(id, now)
    redis.call('ZREMRANGEBYSCORE', reserved_key(id), '-inf', now)
    return redis.call('ZCARD', reserved_key(id))
end

-- A live server's view, or nil (and its holdings swept) when its registration lapsed.
local function server_view(id, now)
    local f = redis.call('HMGET', server_key(id), 'host', 'port', 'capacity', 'incarnation',
        'players', 'rooms', 'draining', 'claimed')
    if not f[4] then
        drop_holdings(id)
        redis.call('SREM', SERVERS, id)
        return nil
    end
    local v = { id = id, host = f[1], port = tonumber(f[2]), capacity = tonumber(f[3]), incarnation = f[4],
        players = tonumber(f[5]), rooms = tonumber(f[6]), draining = f[7] == '1', claimed = tonumber(f[8]) }
    v.reserved = reserved_count(id, now)
    v.used = v.players + v.claimed + v.reserved
    return v
end

-- LeastLoaded.java's order: lower used/capacity, then fewer rooms, then the lower id.
local function less_loaded(a, b)
    local left, right = a.used * b.capacity, b.used * a.capacity
    if left ~= right then return left < right end
    if a.rooms ~= b.rooms then return a.rooms < b.rooms end
    return a.id < b.id
end

-- A player holds one unclaimed reservation at most: a newer login's placement releases the older
-- seat (its ticket is superseded anyway), so repeated logins cannot pile up seats.
local function release_previous(player)
    local previous = redis.call('GET', player_key(player))
    if previous then
        local server = redis.call('HGET', resv_key(previous), 'server')
        if server then
            redis.call('DEL', resv_key(previous))
            redis.call('ZREM', reserved_key(server), previous)
        end
        redis.call('DEL', player_key(player))
    end
end

local function reserve(v, player, room, rid, ttl, now)
    if redis.call('EXISTS', resv_key(rid)) == 1 then
        return { 'RETRY', 'reservation id ' .. rid .. ' taken' }
    end
    local expires = now + ttl
    redis.call('HSET', resv_key(rid), 'server', v.id, 'incarnation', v.incarnation, 'player', player,
        'room', room, 'expires', expires)
    redis.call('PEXPIRE', resv_key(rid), ttl)
    redis.call('SET', player_key(player), rid, 'PX', ttl)
    redis.call('ZADD', reserved_key(v.id), expires, rid)
    -- Every member expires by now + ttl, so the set may too (a dead server's set then goes by itself).
    redis.call('PEXPIRE', reserved_key(v.id), ttl)
    return { 'OK', rid, v.id, v.incarnation, v.host, v.port, expires }
end

local function check_lease(id, incarnation)
    local current = redis.call('HGET', server_key(id), 'incarnation')
    if not current then
        return { 'NOT_REGISTERED', 'server ' .. id .. ' has no live registration: renew' }
    end
    if current ~= incarnation then
        return { 'SUPERSEDED', 'server ' .. id .. ' incarnation ' .. incarnation
            .. ' was replaced by a newer registration of the same id' }
    end
    return nil
end

local function write_server(id, host, port, capacity, incarnation, ttl)
    redis.call('DEL', server_key(id))
    redis.call('HSET', server_key(id), 'host', host, 'port', port, 'capacity', capacity,
        'incarnation', incarnation, 'players', 0, 'rooms', 0, 'draining', 0, 'claimed', 0)
    redis.call('PEXPIRE', server_key(id), ttl)
    redis.call('SADD', SERVERS, id)
end

if op == 'register' then
    -- id host port capacity incarnation ttl
    local id, ttl = ARGV[3], tonumber(ARGV[8])
    drop_holdings(id)
    write_server(id, ARGV[4], ARGV[5], ARGV[6], ARGV[7], ttl)
    return { 'OK', now_ms() + ttl }

elseif op == 'renew' then
    -- id incarnation players rooms draining ttl host port capacity
    local id, incarnation, ttl = ARGV[3], ARGV[4], tonumber(ARGV[8])
    local current = redis.call('HGET', server_key(id), 'incarnation')
    if current and current ~= incarnation then
        return { 'SUPERSEDED', 'server ' .. id .. ' incarnation ' .. incarnation
            .. ' was replaced by a newer registration of the same id' }
    end
    local recreated = 0
    if not current then
        -- Lapsed (or Redis lost it), yet its process renews: written anew, its rooms dropped.
        recreated = 1
        drop_holdings(id)
        write_server(id, ARGV[9], ARGV[10], ARGV[11], incarnation, ttl)
    end
    redis.call('HSET', server_key(id), 'players', ARGV[5], 'rooms', ARGV[6], 'draining', ARGV[7], 'claimed', 0)
    redis.call('PEXPIRE', server_key(id), ttl)
    return { 'OK', recreated, now_ms() + ttl }

elseif op == 'deregister' then
    -- id incarnation
    local id = ARGV[3]
    local current = redis.call('HGET', server_key(id), 'incarnation')
    if not current then
        return { 'OK' }
    end
    if current ~= ARGV[4] then
        return { 'SUPERSEDED', 'server ' .. id .. ' incarnation ' .. ARGV[4]
            .. ' was replaced by a newer registration of the same id' }
    end
    drop_holdings(id)
    redis.call('DEL', server_key(id))
    redis.call('SREM', SERVERS, id)
    return { 'OK' }

elseif op == 'record_room' then
    -- id incarnation room
    local id, incarnation, room = ARGV[3], ARGV[4], ARGV[5]
    local refused = check_lease(id, incarnation)
    if refused then return refused end
    local previous = redis.call('HGET', ROOMS, room)
    if previous then
        local previous_id = string.match(previous, '^(.*)|')
        if previous_id ~= id then
            redis.call('SREM', owned_key(previous_id), room)
        end
    end
    redis.call('HSET', ROOMS, room, id .. '|' .. incarnation)
    redis.call('SADD', owned_key(id), room)
    return { 'OK' }

elseif op == 'remove_room' then
    -- id incarnation room
    local id, incarnation, room = ARGV[3], ARGV[4], ARGV[5]
    if redis.call('HGET', ROOMS, room) == id .. '|' .. incarnation then
        redis.call('HDEL', ROOMS, room)
        redis.call('SREM', owned_key(id), room)
    end
    return { 'OK' }

elseif op == 'reserve_new' then
    -- player rid ttl
    local now = now_ms()
    release_previous(ARGV[3])
    local best = nil
    local live = 0
    for _, id in ipairs(redis.call('SMEMBERS', SERVERS)) do
        local v = server_view(id, now)
        if v then
            live = live + 1
            if not v.draining and v.used < v.capacity and (best == nil or less_loaded(v, best)) then
                best = v
            end
        end
    end
    if not best then
        return { 'NO_CAPACITY', live .. ' live servers, none with a free seat and not draining' }
    end
    return reserve(best, ARGV[3], '', ARGV[4], tonumber(ARGV[5]), now)

elseif op == 'reserve_in_room' then
    -- room player rid ttl
    local room = ARGV[3]
    local now = now_ms()
    release_previous(ARGV[4])
    local owner = redis.call('HGET', ROOMS, room)
    if not owner then
        return { 'ROOM_LOST', 'room ' .. room .. ' is not recorded (it ended, or its server lapsed, restarted or left)' }
    end
    local id, incarnation = string.match(owner, '^(.*)|(.*)$')
    local v = server_view(id, now)
    if not v or v.incarnation ~= incarnation then
        redis.call('HDEL', ROOMS, room)
        return { 'ROOM_LOST', 'room ' .. room .. "'s server " .. id .. ' incarnation ' .. incarnation .. ' is gone' }
    end
    if v.draining then
        return { 'ROOM_DRAINING', 'room ' .. room .. "'s server " .. id .. ' is draining' }
    end
    if v.used >= v.capacity then
        return { 'NO_CAPACITY', 'room ' .. room .. "'s server " .. id .. ' has all ' .. v.capacity
            .. ' seats taken or reserved' }
    end
    return reserve(v, ARGV[4], room, ARGV[5], tonumber(ARGV[6]), now)

elseif op == 'claim' then
    -- id incarnation rid
    local id, incarnation, rid = ARGV[3], ARGV[4], ARGV[5]
    local r = redis.call('HMGET', resv_key(rid), 'server', 'incarnation', 'player', 'room')
    if not r[1] then
        return { 'RESERVATION_UNKNOWN', 'reservation ' .. rid .. ' expired, was claimed, or never existed' }
    end
    if r[1] ~= id or r[2] ~= incarnation then
        return { 'WRONG_SERVER', 'reservation ' .. rid .. ' is for ' .. r[1] .. ' incarnation ' .. r[2]
            .. ', claimed by ' .. id .. ' incarnation ' .. incarnation }
    end
    redis.call('DEL', resv_key(rid))
    redis.call('ZREM', reserved_key(id), rid)
    if redis.call('GET', player_key(r[3])) == rid then
        redis.call('DEL', player_key(r[3]))
    end
    if redis.call('HGET', server_key(id), 'incarnation') == incarnation then
        redis.call('HINCRBY', server_key(id), 'claimed', 1)
    end
    return { 'OK', r[3], r[4] }

elseif op == 'servers' then
    local now = now_ms()
    local out = { 'OK' }
    for _, id in ipairs(redis.call('SMEMBERS', SERVERS)) do
        local v = server_view(id, now)
        if v then
            local pttl = redis.call('PTTL', server_key(id))
            table.insert(out, { v.id, v.host, v.port, v.capacity, v.incarnation, v.players + v.claimed, v.rooms,
                v.draining and 1 or 0, v.reserved, now + pttl })
        end
    end
    return out
end

return redis.error_reply('unknown directory operation ' .. tostring(op))
