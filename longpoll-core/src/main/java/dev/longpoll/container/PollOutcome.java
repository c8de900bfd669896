package dev.longpoll.container;

/**
 * How one poll cycle ended; used as the {@code outcome} tag of metrics.
 */
public enum PollOutcome {

	/** The response had events and the handler took them all. */
	EVENTS,

	/** 204, 304, or a 2xx response with nothing to deliver. */
	EMPTY,

	/**
	 * The server ended its hold with nothing new: an idle status (408 by default), or a
	 * client timeout while the server still held a response that had begun.
	 */
	IDLE,

	/** No complete response within the client timeout, and not an idle hold. */
	TIMEOUT,

	/** A 429 or 503 (or another throttle status): waiting for Retry-After. */
	THROTTLED,

	/** Any other failure: a transport error, a non-fatal error status, a handler or decoding failure. */
	ERROR,

	/** The handler kept failing and the error policy skipped or dead-lettered the response. */
	SKIPPED,

	/** The server said the cursor expired: it was reset. */
	CURSOR_RESET,

	/** A fatal status: the listener stopped. */
	FATAL,

	/** A stop or pause cut the cycle short; its events, if any, come again. */
	CANCELLED

}
