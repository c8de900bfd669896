package dev.longpoll.cursor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Positions in memory: they survive a listener's stop and start, not the application's.
 */
public class InMemoryCursorStore implements CursorStore {

	private final Map<String, CursorPosition> positions = new ConcurrentHashMap<>();

	@Override
	public @Nullable CursorPosition load(String listenerId) {
		return this.positions.get(listenerId);
	}

	@Override
	public void save(String listenerId, CursorPosition position) {
		this.positions.put(listenerId, position);
	}

	@Override
	public void remove(String listenerId) {
		this.positions.remove(listenerId);
	}

	@Override
	public boolean isBlocking() {
		return false;
	}

}
