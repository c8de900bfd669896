package dev.longpoll.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Leases in Redis: one key per lease holding the holder's instance id and the lease's
 * token, with the lease as the key's expiry, so expiry runs on the Redis server's clock and
 * the instances' clocks do not matter. Tokens come from one counter key ({@code INCR}),
 * raised by the same script that takes the lease. A round is one script and one
 * {@code SCAN} of the membership keys, whatever the number of leases. Every call gives up
 * after the call timeout (the command may still run on the server; the tokens make a late
 * one harmless). Not through Spring Integration's {@code RedisLockRegistry}: its locks are
 * bound to the thread that took them and carry no token.
 */
public class RedisLeaseStore implements LeaseStore {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RENEW = new DefaultRedisScript<>("""
			local me = ARGV[1] .. ' '
			local values = {}
			for i = 1, #KEYS - 1 do
			  local value = redis.call('GET', KEYS[i])
			  if value and string.sub(value, 1, string.len(me)) == me then
			    redis.call('PEXPIRE', KEYS[i], ARGV[2])
			  end
			  values[i] = value or ''
			end
			redis.call('SET', KEYS[#KEYS], ARGV[1] .. ' 0', 'PX', ARGV[2])
			return values""", List.class);

	private static final RedisScript<Long> ACQUIRE = new DefaultRedisScript<>("""
			local me = ARGV[1] .. ' '
			local value = redis.call('GET', KEYS[1])
			if value and string.sub(value, 1, string.len(me)) ~= me then
			  return 0
			end
			local token = redis.call('INCR', KEYS[2])
			redis.call('SET', KEYS[1], me .. token, 'PX', ARGV[2])
			return token""", Long.class);

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0""", Long.class);

	// KEYS: the controls' hash; ARGV: listener id, desired ('' keeps), seek ('' keeps).
	// Value: desired, its version, the move's version, the move
	private static final RedisScript<Long> CONTROL = new DefaultRedisScript<>("""
			local desired, desiredVersion, seekVersion, seek = '', 0, 0, ''
			local value = redis.call('HGET', KEYS[1], ARGV[1])
			if value then
			  desired, desiredVersion, seekVersion, seek = string.match(value, '^([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n(.*)$')
			  desiredVersion, seekVersion = tonumber(desiredVersion), tonumber(seekVersion)
			end
			if ARGV[2] ~= '' then desired = ARGV[2]; desiredVersion = desiredVersion + 1 end
			if ARGV[3] ~= '' then seek = ARGV[3]; seekVersion = seekVersion + 1 end
			redis.call('HSET', KEYS[1], ARGV[1], desired .. '\\n' .. desiredVersion .. '\\n' .. seekVersion .. '\\n' .. seek)
			return seekVersion""", Long.class);

	// KEYS: the controls' hash; ARGV: listener id, version of the move done
	private static final RedisScript<Long> SEEK_DONE = new DefaultRedisScript<>("""
			local value = redis.call('HGET', KEYS[1], ARGV[1])
			if not value then return 0 end
			local desired, desiredVersion, seekVersion = string.match(value, '^([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n')
			if seekVersion ~= ARGV[2] then return 0 end
			redis.call('HSET', KEYS[1], ARGV[1], desired .. '\\n' .. desiredVersion .. '\\n' .. seekVersion .. '\\n')
			return 1""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final String instanceId;

	private final String prefix;

	private final Duration callTimeout;

	/**
	 * Create a store.
	 * @param redis the shared Redis
	 * @param instanceId this instance's id, without spaces
	 * @param prefix the prefix of every key, so that applications sharing one Redis stay
	 * apart
	 * @param callTimeout how long one call may take
	 */
	public RedisLeaseStore(ReactiveStringRedisTemplate redis, String instanceId, String prefix, Duration callTimeout) {
		if (instanceId.contains(" ")) {
			throw new IllegalArgumentException("instance id '" + instanceId + "' must not contain spaces");
		}
		this.redis = redis;
		this.instanceId = instanceId;
		this.prefix = prefix;
		this.callTimeout = callTimeout;
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public View renew(Set<String> keys, Duration ttl) {
		List<String> asked = new ArrayList<>(keys);
		List<String> redisKeys = new ArrayList<>(asked.size() + 1);
		asked.forEach((key) -> redisKeys.add(this.prefix + key));
		redisKeys.add(this.prefix + MEMBER_KEY_PREFIX + this.instanceId);
		List<?> values = call(this.redis.execute(RENEW, redisKeys, List.of(this.instanceId, Long.toString(ttl.toMillis())))
			.next());
		Map<String, Lease> leases = new HashMap<>();
		for (int i = 0; values != null && i < values.size(); i++) {
			Lease lease = parse(String.valueOf(values.get(i)));
			if (lease != null) {
				leases.put(asked.get(i), lease);
			}
		}
		String members = this.prefix + MEMBER_KEY_PREFIX;
		List<String> memberKeys = call(
				this.redis.scan(ScanOptions.scanOptions().match(members + "*").count(1000).build()).collectList());
		Set<String> instances = new HashSet<>();
		instances.add(this.instanceId);
		if (memberKeys != null) {
			memberKeys.forEach((key) -> instances.add(key.substring(members.length())));
		}
		return new View(leases, instances);
	}

	private static @Nullable Lease parse(String value) {
		int space = value.lastIndexOf(' ');
		if (space <= 0) {
			return null;
		}
		return new Lease(value.substring(0, space), Long.parseLong(value.substring(space + 1)));
	}

	@Override
	public long acquire(String key, Duration ttl) {
		Long token = call(this.redis
			.execute(ACQUIRE, List.of(this.prefix + key, this.prefix + "longpoll/token"),
					List.of(this.instanceId, Long.toString(ttl.toMillis())))
			.next());
		return (token != null) ? token : 0;
	}

	@Override
	public void release(String key, long token) {
		call(this.redis.execute(RELEASE, List.of(this.prefix + key), List.of(this.instanceId + " " + token)).next());
	}

	@Override
	public Map<String, Control> controls() {
		Map<Object, Object> entries = call(this.redis.opsForHash().entries(controlsKey()).collectMap(Map.Entry::getKey,
				Map.Entry::getValue));
		Map<String, Control> controls = new HashMap<>();
		if (entries != null) {
			entries.forEach((id, value) -> {
				String[] parts = String.valueOf(value).split("\n", 4);
				if (parts.length == 4) {
					controls.put(String.valueOf(id), new Control(parts[0].isEmpty() ? null : Desired.valueOf(parts[0]),
							Long.parseLong(parts[1]), parts[3].isEmpty() ? null : parts[3], Long.parseLong(parts[2])));
				}
			});
		}
		return controls;
	}

	@Override
	public void control(String listenerId, @Nullable Desired desired, @Nullable String seek) {
		call(this.redis.execute(CONTROL, List.of(controlsKey()),
				List.of(listenerId, (desired != null) ? desired.name() : "", (seek != null) ? seek : "")).next());
	}

	@Override
	public void seekDone(String listenerId, long seekVersion) {
		call(this.redis.execute(SEEK_DONE, List.of(controlsKey()), List.of(listenerId, Long.toString(seekVersion)))
			.next());
	}

	private String controlsKey() {
		return this.prefix + "longpoll/control";
	}

	private <T> T call(Mono<T> call) {
		return call.timeout(this.callTimeout).block();
	}

}
