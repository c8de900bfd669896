package dev.longpoll.listener;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.longpoll.client.LongPollResponse;

/**
 * Handles the events of one long-poll response. It is called off the Netty event loop, on
 * the bounded handler scheduler, so it may block; the cursor advances only after the
 * returned {@code Mono} completes, and an error leaves the cursor where it was.
 */
@FunctionalInterface
public interface LongPollHandler {

	/**
	 * Handle a response that has events.
	 * @param response the whole response
	 * @param cursor the cursor that will be committed once this completes
	 * @return completion of the handling
	 */
	Mono<Void> handle(LongPollResponse response, @Nullable String cursor);

	/**
	 * Handle a response and tell how many events it held; the loop calls this one.
	 * @param response the whole response
	 * @param cursor the cursor that will be committed once this completes
	 * @return the number of events handled, once all were
	 */
	default Mono<Integer> deliver(LongPollResponse response, @Nullable String cursor) {
		return handle(response, cursor).thenReturn(1);
	}

	/**
	 * A handler from a blocking callback.
	 * @param callback receives each response with events and its cursor
	 * @return a handler
	 */
	static LongPollHandler blocking(BiConsumer<LongPollResponse, @Nullable String> callback) {
		return (response, cursor) -> Mono.fromRunnable(() -> callback.accept(response, cursor));
	}

}
