package dev.longpoll.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Leases in Redis: one key per lease holding the holder's instance id, with the lease as
 * the key's expiry, taken and extended by the same script Spring Integration's
 * {@code RedisLockRegistry} runs (set if absent, or extend if ours). Not through that
 * registry: its locks are bound to the thread that took them and share striped local
 * locks, which one thread holding thousands of leases cannot use. Expiry runs on the
 * Redis server's clock, so the instances' clocks do not matter.
 */
public class RedisLeaseStore implements LeaseStore {

	private static final RedisScript<Boolean> ACQUIRE = new DefaultRedisScript<>("""
			local holder = redis.call('GET', KEYS[1])
			if holder == ARGV[1] then
			  redis.call('PEXPIRE', KEYS[1], ARGV[2])
			  return true
			elseif not holder then
			  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			  return true
			end
			return false""", Boolean.class);

	private static final RedisScript<Boolean> RENEW = new DefaultRedisScript<>("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  redis.call('PEXPIRE', KEYS[1], ARGV[2])
			  return true
			end
			return false""", Boolean.class);

	private static final RedisScript<Boolean> RELEASE = new DefaultRedisScript<>("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  redis.call('DEL', KEYS[1])
			  return true
			end
			return false""", Boolean.class);


	private final StringRedisTemplate redis;

	private final String instanceId;

	private final String prefix;

	/**
	 * Create a store.
	 * @param redis the shared Redis
	 * @param instanceId this instance's id
	 * @param prefix the prefix of every key, so that applications sharing one Redis stay
	 * apart
	 */
	public RedisLeaseStore(StringRedisTemplate redis, String instanceId, String prefix) {
		this.redis = redis;
		this.instanceId = instanceId;
		this.prefix = prefix;
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public boolean acquire(String key, Duration ttl) {
		return call(ACQUIRE, key, ttl);
	}

	@Override
	public boolean renew(String key, Duration ttl) {
		return call(RENEW, key, ttl);
	}

	@Override
	public void release(String key) {
		this.redis.execute(RELEASE, List.of(this.prefix + key), this.instanceId);
	}

	@Override
	public Snapshot snapshot(Set<String> keys) {
		List<String> asked = new ArrayList<>(keys);
		List<String> members = new ArrayList<>();
		try (Cursor<String> scan = this.redis
			.scan(ScanOptions.scanOptions().match(this.prefix + MEMBER_KEY_PREFIX + "*").count(1000).build())) {
			scan.forEachRemaining(members::add);
		}
		List<String> all = new ArrayList<>(asked.size() + members.size());
		asked.forEach((key) -> all.add(this.prefix + key));
		all.addAll(members);
		List<String> values = all.isEmpty() ? List.of() : this.redis.opsForValue().multiGet(all);
		Map<String, String> holders = new HashMap<>();
		Set<String> instances = new HashSet<>();
		for (int i = 0; values != null && i < values.size(); i++) {
			String holder = values.get(i);
			if (holder != null) {
				instances.add(holder);
				if (i < asked.size()) {
					holders.put(asked.get(i), holder);
				}
			}
		}
		return new Snapshot(holders, instances);
	}

	private boolean call(RedisScript<Boolean> script, String key, Duration ttl) {
		return Boolean.TRUE.equals(this.redis.execute(script, List.of(this.prefix + key), this.instanceId,
				Long.toString(ttl.toMillis())));
	}

}
