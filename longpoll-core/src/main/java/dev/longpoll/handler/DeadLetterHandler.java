package dev.longpoll.handler;

import dev.longpoll.client.LongPollResponse;

/**
 * Receives a response whose events could not be handled, when a listener's error policy is
 * {@code dead-letter}. It runs on the handler scheduler and may block; once it returns the
 * cursor moves past the response. If it throws, the response is retried.
 */
@FunctionalInterface
public interface DeadLetterHandler {

	/**
	 * Take a response that failed.
	 * @param listenerId the listener
	 * @param response the raw response
	 * @param cause the last failure
	 */
	void handle(String listenerId, LongPollResponse response, Throwable cause);

}
