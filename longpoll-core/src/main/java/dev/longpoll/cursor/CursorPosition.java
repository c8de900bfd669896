package dev.longpoll.cursor;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where a listener stands in its feed: the cursor and the response headers echoed with
 * it (such as an {@code ETag} sent back as {@code If-None-Match}). Both are committed
 * together, after the handler took the events before them, and restored together.
 *
 * @param cursor the cursor, or {@code null} when there is none
 * @param echoedHeaders the values to send back, by request header name
 */
public record CursorPosition(@Nullable String cursor, Map<String, String> echoedHeaders) {

	/**
	 * Create a position; the headers are copied.
	 * @param cursor the cursor, or {@code null}
	 * @param echoedHeaders the echoed values by request header name
	 */
	public CursorPosition {
		echoedHeaders = Map.copyOf(echoedHeaders);
	}

	/**
	 * A position with a cursor and no echoed header.
	 * @param cursor the cursor, or {@code null}
	 * @return the position
	 */
	public static CursorPosition of(@Nullable String cursor) {
		return new CursorPosition(cursor, Map.of());
	}

}
