package dev.longpoll.client;

import reactor.core.publisher.Mono;

/**
 * Sends one long-poll request and reads its whole response, without blocking.
 * <p>
 * Every HTTP status completes the returned {@code Mono} with a response; transport
 * failures, the timeout and an oversized body complete it with an error.
 */
@FunctionalInterface
public interface LongPollClient {

	/**
	 * Send the request.
	 * @param request the request
	 * @return the response, its body read up to the request's limit
	 */
	Mono<LongPollResponse> exchange(PollRequest request);

	/**
	 * The connections this client holds, per host and protocol, for metrics and the
	 * actuator endpoint.
	 * @return the connections; a client that does not count them returns an empty view
	 */
	default LongPollConnections connections() {
		return LongPollConnections.NONE;
	}

}
