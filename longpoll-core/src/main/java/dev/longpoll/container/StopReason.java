package dev.longpoll.container;

/**
 * Why a listener stopped.
 */
public enum StopReason {

	/** {@code stop()} was called, or the application is shutting down. */
	REQUESTED,

	/** The server answered with one of the listener's fatal statuses. */
	FATAL_STATUS,

	/** The backoff gave up after its maximum number of attempts. */
	MAX_ATTEMPTS,

	/** The handler kept failing and the error policy is {@code stop}. */
	ERROR_POLICY

}
