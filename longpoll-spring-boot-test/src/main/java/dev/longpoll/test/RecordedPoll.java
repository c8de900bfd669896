package dev.longpoll.test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One poll a {@link LongPollFeedServer} received.
 *
 * @param feed the feed it asked for
 * @param method the HTTP method
 * @param uri the request URI (path and query)
 * @param query the query parameters, decoded
 * @param headers the request headers, names in lower case
 * @param cursor the position the poll asked from, as the server's cursor style reads it
 * ({@code null} on a first poll without one)
 * @param received when it arrived
 */
public record RecordedPoll(String feed, String method, String uri, Map<String, List<String>> query,
		Map<String, List<String>> headers, @Nullable Long cursor, Instant received) {

	/**
	 * The first value of a request header.
	 * @param name the header name, in any case
	 * @return the value, or {@code null}
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * The first value of a query parameter.
	 * @param name the parameter name
	 * @return the value, or {@code null}
	 */
	public @Nullable String queryParameter(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
