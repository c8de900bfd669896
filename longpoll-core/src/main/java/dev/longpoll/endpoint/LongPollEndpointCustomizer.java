package dev.longpoll.endpoint;

/**
 * Callback that changes a listener's endpoint after properties were applied and before it
 * is registered: set a {@link org.springframework.util.backoff.BackOff}, a
 * {@link dev.longpoll.cursor.CursorStrategy}, or anything else, for one listener (test
 * {@link LongPollEndpoint.Builder#id()}) or for all. Declare it as a bean; all such beans
 * apply, in order.
 */
@FunctionalInterface
public interface LongPollEndpointCustomizer {

	/**
	 * Customize an endpoint.
	 * @param endpoint the builder of the endpoint
	 */
	void customize(LongPollEndpoint.Builder endpoint);

}
