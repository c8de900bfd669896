package dev.longpoll.cursor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Cursors in memory: they survive a listener's stop and start, not the application's.
 */
public class InMemoryCursorStore implements CursorStore {

	private final Map<String, String> cursors = new ConcurrentHashMap<>();

	@Override
	public @Nullable String load(String listenerId) {
		return this.cursors.get(listenerId);
	}

	@Override
	public void save(String listenerId, String cursor) {
		this.cursors.put(listenerId, cursor);
	}

	@Override
	public void remove(String listenerId) {
		this.cursors.remove(listenerId);
	}

	@Override
	public boolean isBlocking() {
		return false;
	}

}
