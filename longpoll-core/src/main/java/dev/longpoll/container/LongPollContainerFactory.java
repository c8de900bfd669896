package dev.longpoll.container;

import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * Creates the loop that runs an endpoint.
 */
@FunctionalInterface
public interface LongPollContainerFactory {

	/**
	 * Create a container, not started.
	 * @param endpoint the endpoint to run
	 * @return the container
	 */
	LongPollContainer create(LongPollEndpoint endpoint);

}
