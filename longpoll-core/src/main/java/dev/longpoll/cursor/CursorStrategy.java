package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;

/**
 * Where a listener's cursor comes from and how it goes back to the server. Implement it
 * for a cursor the declarative properties cannot describe (one that is signed, or
 * combined from several fields) and set it on the endpoint through a
 * {@link dev.longpoll.endpoint.LongPollEndpointCustomizer}. Both methods run on the loop's
 * thread (possibly a Netty event loop) and must not block.
 */
public interface CursorStrategy {

	/**
	 * Put the cursor on the next request.
	 * @param cursor the committed cursor: the initial cursor ({@code cursor.initial}, or
	 * {@code null}) on the very first poll and after a reset, then what {@link #next}
	 * returned for the last handled response
	 * @param request the request being built
	 */
	void apply(@Nullable String cursor, PollRequest.Builder request);

	/**
	 * The cursor that follows a response. It is called for every 2xx response, with or
	 * without events, before the handler sees them; it is committed only once the handler
	 * took them.
	 * @param current the cursor the request was sent with, {@code null} on the first poll
	 * when there is no initial cursor
	 * @param response the whole response
	 * @return the next cursor, or {@code current} when the response carries none
	 * @throws RuntimeException when the response cannot be read; the loop reports a
	 * decoding failure and backs off
	 */
	@Nullable String next(@Nullable String current, LongPollResponse response);

	/**
	 * The cursor that follows a response with events. By default {@link #next}; a strategy
	 * whose cursor must come with every batch of events throws when it does not, so that
	 * events without a cursor fail (and back off) rather than come again at once for ever.
	 * @param current the cursor the request was sent with
	 * @param response a response with events
	 * @return the next cursor
	 */
	default @Nullable String nextAfterEvents(@Nullable String current, LongPollResponse response) {
		return next(current, response);
	}

	/**
	 * Whether the cursor goes back to the server in a request header, where only ASCII
	 * can travel: a cursor with other characters is then refused where it enters (see
	 * {@link CursorRules}). {@code false} by default.
	 * @return whether the cursor is sent in a header
	 */
	default boolean sendsInHeader() {
		return false;
	}

	/**
	 * A strategy that neither reads nor sends a cursor.
	 * @return a no-op strategy
	 */
	static CursorStrategy none() {
		return NoCursorStrategy.INSTANCE;
	}

}
