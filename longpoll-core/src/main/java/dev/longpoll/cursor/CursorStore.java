package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

/**
 * Where listeners keep their committed cursors, so that a restarted application resumes
 * where it stopped. Calls run on the handler scheduler, never on the event loop, so an
 * implementation may block. A cursor is saved only after the handler succeeded for every
 * event of its response; a failed save leaves the events to come again.
 */
public interface CursorStore {

	/**
	 * The stored cursor of a listener.
	 * @param listenerId the listener id
	 * @return the cursor, or {@code null} when none is stored
	 */
	@Nullable String load(String listenerId);

	/**
	 * Store a listener's cursor, replacing any earlier one.
	 * @param listenerId the listener id
	 * @param cursor the committed cursor
	 */
	void save(String listenerId, String cursor);

	/**
	 * Forget a listener's cursor, so that it starts from its initial cursor next time.
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
