package dev.longpoll.cursor;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a listener does when the server says its cursor expired, or when the cursor goes
 * backwards.
 *
 * @param goneStatuses statuses that mean "this cursor expired" (default 410)
 * @param goneBody a status that means it only with a given value in its body, such as a
 * 400 whose {@code /errorCode} is {@code 401}; or {@code null}
 * @param onGone what to do then
 * @param onRegression what to do when a numeric cursor goes backwards
 */
public record CursorRecovery(Set<Integer> goneStatuses, @Nullable GoneBody goneBody, OnGone onGone,
		OnRegression onRegression) {

	/**
	 * Statuses that mean "cursor expired" only when a field of the JSON body says so.
	 *
	 * @param statuses the statuses, for example 400
	 * @param pointer the JSON pointer of the field, for example {@code /errorCode}
	 * @param values the values that mean "expired"; empty for any value
	 */
	public record GoneBody(Set<Integer> statuses, String pointer, Set<String> values) {
	}

	/**
	 * Reaction to an expired cursor.
	 */
	public enum OnGone {

		/**
		 * Go back to the initial position (cursor and echoed headers) and poll again; an
		 * expiry right after a reset stops the listener.
		 */
		RESET,

		/** Forget the position and stop the listener. */
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
