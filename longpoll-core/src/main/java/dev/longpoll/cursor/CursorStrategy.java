package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;

/**
 * Where a listener's cursor comes from and how it goes back to the server. Implement it
 * for a cursor the declarative properties cannot describe (one that must be incremented,
 * signed, or combined from several fields) and set it on the endpoint through a
 * {@link dev.longpoll.endpoint.LongPollEndpointCustomizer}.
 */
public interface CursorStrategy {

	/**
	 * Put the cursor on the next request.
	 * @param cursor the current cursor, {@code null} when there is none yet
	 * @param request the request being built
	 */
	void apply(@Nullable String cursor, PollRequest.Builder request);

	/**
	 * The cursor that follows a response whose events were all handled.
	 * @param current the cursor the request was sent with
	 * @param response the response
	 * @return the next cursor, or {@code current} when the response carries none
	 */
	@Nullable String next(@Nullable String current, LongPollResponse response);

	/**
	 * A strategy that neither reads nor sends a cursor.
	 * @return a no-op strategy
	 */
	static CursorStrategy none() {
		return NoCursorStrategy.INSTANCE;
	}

}
