package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.http.HttpStatus;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.LongPollStatusException;
import dev.longpoll.client.RetryAfter;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.ResponseStatuses;
import dev.longpoll.handler.PayloadSelector;

/**
 * The status table of the README as a pure function: what a response means for the loop,
 * from its status, its headers and what its body holds. It changes nothing; the loop acts
 * on its {@link Verdict}.
 */
final class ResponseClassifier {

	private final String listenerId;

	private final ResponseStatuses statuses;

	private final Set<Integer> goneStatuses;

	private final PayloadSelector payload;

	ResponseClassifier(LongPollEndpoint endpoint) {
		this.listenerId = endpoint.id();
		this.statuses = endpoint.options().statuses();
		this.goneStatuses = endpoint.cursor().recovery().goneStatuses();
		this.payload = endpoint.payload();
	}

	/**
	 * Classify a response.
	 * @param response the whole response
	 * @param now the current time, for a {@code Retry-After} date
	 * @return what it means
	 */
	Verdict classify(LongPollResponse response, Instant now) {
		int status = response.status();
		if (status == HttpStatus.NOT_MODIFIED.value()) {
			return Verdict.NOT_MODIFIED;
		}
		if (this.goneStatuses.contains(status)) {
			return Verdict.CURSOR_GONE;
		}
		if (this.statuses.fatal().contains(status)) {
			return fatal(response);
		}
		if (this.statuses.throttle().contains(status)) {
			Duration retryAfter = RetryAfter.parse(response.headers().getFirst("Retry-After"), now);
			return Verdict.throttled(retryAfter, new LongPollStatusException(this.listenerId, response, ""));
		}
		if (status < 200 || status >= 300) {
			String consequence = (status >= 300 && status < 400)
					? " (a redirect; set 'follow-redirects' to follow it)" : "";
			return Verdict.failed(new LongPollStatusException(this.listenerId, response, consequence));
		}
		boolean empty = status == HttpStatus.NO_CONTENT.value() || this.payload.isEmpty(response);
		return empty ? Verdict.EMPTY : Verdict.DELIVER;
	}

	/**
	 * The verdict on a response that stops the listener.
	 * @param response the response
	 * @return a fatal verdict
	 */
	Verdict fatal(LongPollResponse response) {
		return Verdict.fatal(new LongPollStatusException(this.listenerId, response,
				", a fatal status for this listener: stopped (start it again once the cause is fixed)"));
	}

	/**
	 * Classify an exchange that ended without a response.
	 * @param failure what ended it
	 * @return what it means
	 */
	Verdict classify(Throwable failure) {
		return Verdict.failed(failure);
	}

}
