package dev.longpoll.container;

import java.util.List;

import org.springframework.http.HttpHeaders;

import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.PollRequest;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.LongPollOptions;

/**
 * Builds each poll's request for one listener: the endpoint's method, headers, body and
 * limits, the hold hint, the cursor and echoed headers, then the application's
 * customizers.
 */
final class PollRequestFactory {

	private final LongPollEndpoint endpoint;

	private final PollRequest.Url url;

	private final HttpHeaders headers;

	private final List<LongPollRequestCustomizer> customizers;

	PollRequestFactory(LongPollEndpoint endpoint, List<LongPollRequestCustomizer> customizers) {
		this.endpoint = endpoint;
		this.url = PollRequest.Url.parse(endpoint.url()); // parsed once for all polls
		this.headers = HttpHeaders.readOnlyHttpHeaders(endpoint.headers()); // copied only by a poll that changes them
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * The request of a poll from a position.
	 * @param position the cursor and echoed headers to send
	 * @return the request
	 */
	PollRequest create(CursorPosition position) {
		LongPollEndpoint endpoint = this.endpoint;
		LongPollOptions options = endpoint.options();
		PollRequest.Builder request = PollRequest
			.builder(endpoint.id(), this.url, options.timeout(), options.maxBodySize(), options.client())
			.method(endpoint.method())
			.body(endpoint.body())
			.sharedHeaders(this.headers);
		HoldHint holdHint = options.holdHint();
		if (holdHint != null) {
			request.queryParam(holdHint.parameter(), holdHint.nextValue());
		}
		endpoint.cursor().strategy().apply(position.cursor(), request);
		endpoint.cursor().headerEcho().apply(position.echoedHeaders(), request);
		for (LongPollRequestCustomizer customizer : this.customizers) {
			customizer.customize(request);
		}
		return request.build();
	}

}
