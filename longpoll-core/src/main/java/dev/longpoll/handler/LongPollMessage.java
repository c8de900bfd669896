package dev.longpoll.handler;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The envelope a {@code @LongPollListener} method may take instead of a bare payload.
 *
 * @param <T> the payload type
 * @param listenerId the listener that received it
 * @param payload the decoded payload (one element when an array body is split)
 * @param status the HTTP status of the response
 * @param headers the response headers
 * @param cursor the cursor committed once this response is handled
 */
public record LongPollMessage<T>(String listenerId, T payload, int status, HttpHeaders headers,
		@Nullable String cursor) {

}
