package dev.longpoll.cursor;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;

/**
 * HTTP conditional echo: response headers remembered and sent back on the next request
 * under another name, such as {@code ETag} as {@code If-None-Match} and
 * {@code Last-Modified} as {@code If-Modified-Since}.
 *
 * @param pairs response header name to request header name
 */
public record HeaderEcho(Map<String, String> pairs) {

	/**
	 * An echo of nothing.
	 * @return an empty echo
	 */
	public static HeaderEcho none() {
		return new HeaderEcho(Map.of());
	}

	/**
	 * Remember the echoed headers of a handled response, keeping older values for the
	 * headers it lacks.
	 * @param previous the values remembered so far
	 * @param response the response
	 * @return the values to send next, by request header name
	 */
	public Map<String, String> capture(Map<String, String> previous, LongPollResponse response) {
		if (this.pairs.isEmpty()) {
			return previous;
		}
		Map<String, String> next = new LinkedHashMap<>(previous);
		this.pairs.forEach((responseHeader, requestHeader) -> {
			String value = response.headers().getFirst(responseHeader);
			if (value != null) {
				next.put(requestHeader, value);
			}
		});
		return Map.copyOf(next);
	}

	/**
	 * Put the remembered values on a request.
	 * @param values the values by request header name
	 * @param request the request being built
	 */
	public void apply(Map<String, String> values, PollRequest.Builder request) {
		values.forEach(request::header);
	}

}
