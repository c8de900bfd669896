package dev.longpoll.cursor;

import java.util.Set;

/**
 * What a listener does when the server says its cursor expired, or when the cursor goes
 * backwards.
 *
 * @param goneStatuses statuses that mean "this cursor expired" (default 410)
 * @param onGone what to do then
 * @param onRegression what to do when a numeric cursor goes backwards
 */
public record CursorRecovery(Set<Integer> goneStatuses, OnGone onGone, OnRegression onRegression) {

	/**
	 * Reaction to an expired cursor.
	 */
	public enum OnGone {

		/** Go back to the initial cursor; a second expiry in a row stops the listener. */
		RESET,

		/** Stop the listener, as for any fatal status. */
		STOP

	}

	/**
	 * Reaction to a numeric cursor that goes backwards.
	 */
	public enum OnRegression {

		/** Go back to the initial cursor. */
		RESET,

		/** Take the lower cursor as it is. */
		ACCEPT

	}

}
