package dev.longpoll.cursor;

/**
 * A shared {@link CursorStore} that checks a fencing token in the same statement as each
 * write, so that an instance which lost a listener's lease cannot overwrite the cursor of
 * the instance that took the listener over, however late its write lands: each listener's
 * highest token is stored with its position, and a write with a lower one is refused.
 * The JDBC and Redis stores implement it.
 */
public interface FencingCursorStore extends CursorStore {

	/**
	 * Make a token the listener's, before its position is loaded: from then on writes
	 * with a lower token are refused. A write in flight with a lower token lands before
	 * the claim or not at all, so the position loaded next is the latest.
	 * @param listenerId the listener id
	 * @param token the fencing token of the lease just taken
	 * @return {@code false} if a higher token is stored already
	 */
	boolean claim(String listenerId, long token);

	/**
	 * Store a listener's position unless a higher token is stored.
	 * @param listenerId the listener id
	 * @param position the committed position
	 * @param token the writer's fencing token
	 * @return {@code false} if refused
	 */
	boolean save(String listenerId, CursorPosition position, long token);

	/**
	 * Forget a listener's position (keeping its token) unless a higher token is stored.
	 * @param listenerId the listener id
	 * @param token the writer's fencing token
	 * @return {@code false} if refused
	 */
	boolean remove(String listenerId, long token);

}
