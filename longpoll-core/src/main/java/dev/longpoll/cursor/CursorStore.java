package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

/**
 * Where listeners keep their committed positions (cursor and echoed headers), so that a
 * restarted application resumes exactly where its handlers finished. Calls run on the
 * handler scheduler, never on the event loop, so an implementation may block. A position
 * is saved only after the handler succeeded for every event before it; a failed save is
 * an ordinary failure: the loop backs off and the events come again.
 */
public interface CursorStore {

	/**
	 * The stored position of a listener.
	 * @param listenerId the listener id
	 * @return the position, or {@code null} when none is stored
	 */
	@Nullable CursorPosition load(String listenerId);

	/**
	 * Store a listener's position, replacing any earlier one.
	 * @param listenerId the listener id
	 * @param position the committed position
	 */
	void save(String listenerId, CursorPosition position);

	/**
	 * Forget a listener's position, so that it starts from its initial cursor next time.
	 * @param listenerId the listener id
	 */
	void remove(String listenerId);

	/**
	 * Whether calls may block; a store that never blocks is called without a thread hop.
	 * @return {@code true} unless the store only touches memory
	 */
	default boolean isBlocking() {
		return true;
	}

}
