package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Committed positions in Redis, one key per listener ({@code <prefix><id>}) holding the
 * position as a small JSON document (the file store's format). For instances that share
 * listeners through Redis leases and have no database; Redis must persist its data (AOF
 * or RDB) for a position to survive a Redis restart.
 */
public class RedisCursorStore implements CursorStore {

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

}
