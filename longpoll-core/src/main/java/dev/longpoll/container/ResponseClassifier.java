package dev.longpoll.container;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.LongPollStatusException;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.cursor.CursorRecovery.GoneBody;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.endpoint.ResponseStatuses;
import dev.longpoll.handler.PayloadSelector;
import dev.longpoll.internal.JsonPointers;

/**
 * The status table of {@code docs/responses.md} as a pure function: what a response means for the loop,
 * from its status, its headers and what its body holds. It changes nothing; the loop acts
 * on its {@link Verdict}. A cursor-expired status is recognised first, so that a 400
 * whose body says "index too old" is an expiry, not a fatal 400.
 */
final class ResponseClassifier {

	private final String listenerId;

	private final ResponseStatuses statuses;

	private final Set<Integer> goneStatuses;

	private final @Nullable GoneBody goneBody;

	private final @Nullable JsonPointer goneBodyPointer;

	private final PayloadSelector payload;

	private final boolean serverEndsHold;

	ResponseClassifier(LongPollEndpoint endpoint) {
		this.serverEndsHold = endpoint.options().serverEndsHold();
		this.listenerId = endpoint.id();
		this.statuses = endpoint.options().statuses();
		this.goneStatuses = endpoint.cursor().recovery().goneStatuses();
		this.goneBody = endpoint.cursor().recovery().goneBody();
		this.goneBodyPointer = (this.goneBody != null) ? JsonPointers.compile(this.goneBody.pointer()) : null;
		this.payload = endpoint.payload();
	}

	/**
	 * Classify a response.
	 * @param response the whole response
	 * @param clock the clock, read only for a {@code Retry-After} date
	 * @return what it means
	 */
	Verdict classify(LongPollResponse response, Clock clock) {
		int status = response.status();
		if (status == HttpStatus.NOT_MODIFIED.value()) {
			return Verdict.NOT_MODIFIED;
		}
		if (this.goneStatuses.contains(status) || saysGone(response)) {
			return Verdict.CURSOR_GONE;
		}
		if (this.statuses.idle().contains(status)) {
			return Verdict.IDLE;
		}
		if (this.statuses.fatal().contains(status)) {
			return fatal(response);
		}
		if (this.statuses.throttle().contains(status)) {
			Duration retryAfter = RetryAfter.parse(response.headers().getFirst("Retry-After"), clock.instant());
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
	 * Whether a status that means "cursor expired" only with a given body field has it.
	 */
	private boolean saysGone(LongPollResponse response) {
		GoneBody goneBody = this.goneBody;
		if (goneBody == null || this.goneBodyPointer == null || !goneBody.statuses().contains(response.status())
				|| response.hasEmptyBody()) {
			return false;
		}
		try {
			JsonNode value = response.json(this.payload.mapper()).at(this.goneBodyPointer);
			return !value.isMissingNode() && !value.isNull()
					&& (goneBody.values().isEmpty() || goneBody.values().contains(value.asString()));
		}
		catch (JacksonException ex) {
			return false; // not JSON: not the body that says so
		}
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
	 * The failure that stops a listener whose cursor expired for good.
	 * @param response the response that said so
	 * @param reason why a reset cannot help
	 * @return the failure
	 */
	Throwable cursorExpired(LongPollResponse response, String reason) {
		return new LongPollStatusException(this.listenerId, response, ": " + reason.substring(reason.indexOf(':') + 2)
				+ "; the stored position was forgotten, so a start begins from the initial cursor");
	}

	/**
	 * Classify an exchange that ended without a whole response. A client timeout after a
	 * 2xx status line and before any body byte is an idle hold: the server is still
	 * holding. A timeout before any status line is one too when the listener says that its
	 * server never ends a hold by itself.
	 * @param failure what ended it
	 * @return what it means
	 */
	Verdict classify(Throwable failure) {
		if (failure instanceof LongPollTimeoutException timeout && !timeout.isBodyStarted()) {
			int status = timeout.getStatus();
			if ((status >= 200 && status < 300) || (status == 0 && !this.serverEndsHold)) {
				return Verdict.IDLE;
			}
		}
		return Verdict.failed(failure);
	}

}
