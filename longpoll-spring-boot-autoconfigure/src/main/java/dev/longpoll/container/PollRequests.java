package dev.longpoll.container;

import java.util.List;

import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.PollRequest;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * Builds each poll's request: the endpoint's method, headers, body and limits, the hold
 * hint, the cursor and echoed headers, then the application's customizers.
 */
final class PollRequests {

	private PollRequests() {
	}

	static PollRequest create(LongPollEndpoint endpoint, CursorKeeper cursor,
			List<LongPollRequestCustomizer> customizers) {
		PollRequest.Builder request = PollRequest.builder(endpoint.id(), endpoint.url())
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
		customizers.forEach((customizer) -> customizer.customize(request));
		return request.build();
	}

}
