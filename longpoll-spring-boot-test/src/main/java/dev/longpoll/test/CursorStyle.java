package dev.longpoll.test;

/**
 * How a {@link LongPollFeedServer} carries its position between polls, after the common
 * kinds of real server. Events are numbered from 1; the position is the number of the
 * last event a client has.
 */
public enum CursorStyle {

	/**
	 * The cursor in a query parameter ({@code ?after=41}) and the next one in a body field:
	 * {@code {"last": 42, "events": [...]}}. With nothing new the server answers, at the end
	 * of its hold, {@code 200} with no events and the same {@code last}.
	 */
	QUERY_AND_BODY,

	/**
	 * Consul and Nomad blocking queries: the cursor in {@code ?index=41}, the next one in
	 * the {@code X-Index} response header, the events as a bare JSON array. With nothing
	 * new: {@code 200}, {@code []} and the same index.
	 */
	INDEX_HEADER,

	/**
	 * Conditional requests: the position in the {@code ETag}, sent back as
	 * {@code If-None-Match}, the events as a bare JSON array. With nothing new:
	 * {@code 304 Not Modified}.
	 */
	ETAG,

	/**
	 * Conditional requests on dates: the position in {@code Last-Modified} (one second per
	 * event), sent back as {@code If-Modified-Since}, the events as a bare JSON array. With
	 * nothing new: {@code 304 Not Modified}.
	 */
	LAST_MODIFIED

}
