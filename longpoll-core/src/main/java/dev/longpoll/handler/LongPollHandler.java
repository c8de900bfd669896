package dev.longpoll.handler;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.longpoll.client.LongPollResponse;

/**
 * Handles the events of one long-poll response. The loop calls it off the Netty event
 * loop, on the bounded handler scheduler, so it may block; the cursor advances only after
 * the returned {@code Mono} completes, and an error leaves the cursor where it was.
 * {@code @LongPollListener} methods are adapted to it by {@link MethodLongPollHandler}.
 */
@FunctionalInterface
public interface LongPollHandler {

	/**
	 * Handle a response that has events.
	 * @param response the whole response
	 * @param cursor the cursor that will be committed once this completes
	 * @return completes once every event of the response was handled
	 */
	Mono<Void> handle(LongPollResponse response, @Nullable String cursor);

	/**
	 * A handler from a blocking callback.
	 * @param callback receives each response with events and its cursor
	 * @return a handler
	 */
	static LongPollHandler blocking(BiConsumer<LongPollResponse, @Nullable String> callback) {
		return (response, cursor) -> Mono.fromRunnable(() -> callback.accept(response, cursor));
	}

}
