package dev.longpoll.cursor;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Committed positions in Redis, one key per listener ({@code <prefix><id>}) holding the
 * position as a small JSON document (the file store's format), and beside it the
 * listener's highest fencing token ({@code <prefix><id>#token}), checked by the script
 * that writes. For instances that share listeners through Redis leases and have no
 * database; Redis must persist its data (AOF or RDB) for a position to survive a Redis
 * restart.
 */
public class RedisCursorStore implements FencingCursorStore {

	// KEYS: position, token; ARGV: token, then the position to set ('' to delete, absent to only claim)
	private static final RedisScript<Long> FENCED_WRITE = new DefaultRedisScript<>("""
			local stored = tonumber(redis.call('GET', KEYS[2]) or '0')
			local token = tonumber(ARGV[1])
			if stored > token then
			  return 0
			end
			redis.call('SET', KEYS[2], ARGV[1])
			if ARGV[2] == '' then
			  redis.call('DEL', KEYS[1])
			elseif ARGV[2] then
			  redis.call('SET', KEYS[1], ARGV[2])
			end
			return 1""", Long.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	/**
	 * Create a store.
	 * @param redis the shared Redis
	 * @param prefix the prefix of every key, e.g. {@code longpoll:cursor:}
	 */
	public RedisCursorStore(StringRedisTemplate redis, String prefix) {
		this.redis = redis;
		this.prefix = prefix;
	}

	@Override
	public @Nullable CursorPosition load(String listenerId) {
		String json = this.redis.opsForValue().get(this.prefix + listenerId);
		return (json != null) ? PositionCodec.fromJson(json) : null;
	}

	@Override
	public void save(String listenerId, CursorPosition position) {
		this.redis.opsForValue().set(this.prefix + listenerId, PositionCodec.toJson(position));
	}

	@Override
	public void remove(String listenerId) {
		this.redis.delete(this.prefix + listenerId);
	}

	@Override
	public boolean claim(String listenerId, long token) {
		return write(listenerId, token);
	}

	@Override
	public boolean save(String listenerId, CursorPosition position, long token) {
		return write(listenerId, token, PositionCodec.toJson(position));
	}

	@Override
	public boolean remove(String listenerId, long token) {
		return write(listenerId, token, "");
	}

	private boolean write(String listenerId, long token, String... position) {
		Object[] args = new Object[1 + position.length];
		args[0] = Long.toString(token);
		System.arraycopy(position, 0, args, 1, position.length);
		Long written = this.redis.execute(FENCED_WRITE,
				List.of(this.prefix + listenerId, this.prefix + listenerId + "#token"), args);
		return written != null && written == 1;
	}

}
