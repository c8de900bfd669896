package dev.longpoll.container;

/**
 * Why a listener stopped.
 */
public enum StopReason {

	/** {@code stop()} was called, or the application is shutting down. */
	REQUESTED,

	/** The server answered with one of the listener's fatal statuses. */
	FATAL_STATUS,

	/**
	 * The server said the cursor expired and going back to the initial position did not
	 * help (or {@code cursor.on-gone} is {@code stop}); the stored position was forgotten,
	 * so a start begins from the initial cursor.
	 */
	CURSOR_EXPIRED,

	/** The backoff gave up after its maximum number of attempts. */
	MAX_ATTEMPTS,

	/** The handler kept failing and the error policy is {@code stop}. */
	ERROR_POLICY,

	/**
	 * The HTTP client was closed while the listener ran (its application context is
	 * closing): no poll can be sent any more.
	 */
	CLIENT_CLOSED

}
