package dev.longpoll.container;

import java.util.List;

import dev.longpoll.client.LongPollRequestCustomizer;
import org.springframework.web.util.UriComponentsBuilder;

import dev.longpoll.client.PollRequest;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * Builds each poll's request: the endpoint's method, headers, body and limits, the hold
 * hint, the cursor and echoed headers, then the application's customizers.
 */
final class PollRequests {

	private final LongPollEndpoint endpoint;

	private final UriComponentsBuilder url;

	private final List<LongPollRequestCustomizer> customizers;

	PollRequests(LongPollEndpoint endpoint, List<LongPollRequestCustomizer> customizers) {
		this.endpoint = endpoint;
		this.url = UriComponentsBuilder.fromUriString(endpoint.url()); // parsed once, cloned per poll
		this.customizers = List.copyOf(customizers);
	}

	PollRequest create(CursorKeeper cursor) {
		LongPollEndpoint endpoint = this.endpoint;
		PollRequest.Builder request = PollRequest.builder(endpoint.id(), this.url)
			.method(endpoint.method())
			.body(endpoint.body())
			.timeout(endpoint.timeout())
			.maxBodySize(endpoint.maxBodySize())
			.options(endpoint.clientOptions());
		request.headers().addAll(endpoint.headers());
		HoldHint holdHint = endpoint.holdHint();
		if (holdHint != null) {
			request.queryParam(holdHint.parameter(), holdHint.nextValue());
		}
		cursor.apply(request);
		this.customizers.forEach((customizer) -> customizer.customize(request));
		return request.build();
	}

}
