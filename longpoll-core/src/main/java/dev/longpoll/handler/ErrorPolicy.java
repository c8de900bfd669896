package dev.longpoll.handler;

/**
 * What a listener does when its handler keeps failing on a response (or cannot decode it).
 *
 * @param action what to do once the retries are spent
 * @param maxRetries retries with backoff before the action applies (not used by
 * {@link Action#RETRY})
 */
public record ErrorPolicy(Action action, int maxRetries) {

	/**
	 * The default: retry with backoff for ever; nothing is ever lost silently.
	 * @return the policy
	 */
	public static ErrorPolicy retryForever() {
		return new ErrorPolicy(Action.RETRY, 0);
	}

	/**
	 * What happens once the retries are spent.
	 */
	public enum Action {

		/** Keep retrying with backoff; health turns DOWN after the failure threshold. */
		RETRY,

		/** Log at ERROR with an excerpt, count the events as skipped, move the cursor on. */
		SKIP,

		/** Hand the raw response to the {@link DeadLetterHandler}, then move the cursor on. */
		DEAD_LETTER,

		/** Stop the listener. */
		STOP

	}

}
