package dev.longpoll.endpoint;

import org.jspecify.annotations.Nullable;

import dev.longpoll.handler.LongPollHandler;

/**
 * Creates the endpoints of annotated methods and of listeners registered at runtime by
 * id: from the configured settings of each id (the Spring Boot starter binds
 * {@code longpoll.defaults.*} and {@code longpoll.listeners.<id>.*}), with every
 * {@link LongPollEndpointCustomizer} applied.
 */
public interface LongPollEndpointFactory {

	/**
	 * A builder holding the configured settings of a listener id.
	 * @param id the listener id
	 * @param source where the listener was declared, for error messages
	 * @return a builder; customizers are not applied yet
	 * @throws IllegalStateException if the properties of that id cannot be bound
	 */
	LongPollEndpoint.Builder builder(String id, String source);

	/**
	 * Apply every {@link LongPollEndpointCustomizer} and build the endpoint.
	 * @param builder a builder from {@link #builder(String, String)}
	 * @return the endpoint
	 */
	LongPollEndpoint create(LongPollEndpoint.Builder builder);

	/**
	 * Create an endpoint from properties, customizers and the given values.
	 * @param id the listener id
	 * @param url the URL, or {@code null} to take {@code longpoll.listeners.<id>.url}
	 * @param handler the handler
	 * @return the endpoint
	 */
	default LongPollEndpoint create(String id, @Nullable String url, LongPollHandler handler) {
		LongPollEndpoint.Builder builder = builder(id, "listener '" + id + "'").handler(handler);
		if (url != null) {
			builder.url(url);
		}
		return create(builder);
	}

}
