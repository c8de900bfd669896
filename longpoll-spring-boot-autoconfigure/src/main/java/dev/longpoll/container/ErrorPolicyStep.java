package dev.longpoll.container;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.listener.DeadLetterHandler;
import dev.longpoll.listener.ErrorPolicy;

/**
 * Applies a listener's {@link ErrorPolicy} to a handler failure: fail again (so the loop
 * backs off and the events come again), or, once the retries are spent, skip or
 * dead-letter the response and commit its cursor, or stop the listener.
 */
final class ErrorPolicyStep {

	private final LongPollEndpoint endpoint;

	private final Scheduler scheduler;

	private final CursorKeeper cursor;

	private final Consumer<Skipped> onSkipped;

	private int failures;

	ErrorPolicyStep(LongPollEndpoint endpoint, Scheduler scheduler, CursorKeeper cursor, Consumer<Skipped> onSkipped) {
		this.endpoint = endpoint;
		this.scheduler = scheduler;
		this.cursor = cursor;
		this.onSkipped = onSkipped;
	}

	/**
	 * The handler took a response: the next failure starts a new count.
	 */
	void succeeded() {
		this.failures = 0;
	}

	/**
	 * Decide what a handler failure leads to.
	 * @param response the response the handler failed on
	 * @param next the cursor that follows it
	 * @param ex the failure
	 * @return {@code SKIPPED} once moved past the response; otherwise an error: {@code ex}
	 * to retry, or a {@link StopListener} to stop
	 */
	Mono<PollOutcome> apply(LongPollResponse response, @Nullable String next, Throwable ex) {
		ErrorPolicy policy = this.endpoint.errorPolicy();
		this.failures++;
		if (policy.action() == ErrorPolicy.Action.RETRY || this.failures <= policy.maxRetries()) {
			return Mono.error(ex);
		}
		if (policy.action() == ErrorPolicy.Action.STOP) {
			return Mono.error(new StopListener(ex));
		}
		DeadLetterHandler deadLetter = this.endpoint.deadLetterHandler();
		boolean deadLettered = policy.action() == ErrorPolicy.Action.DEAD_LETTER && deadLetter != null;
		Mono<Void> handOver = deadLettered
				? Mono.<Void>fromRunnable(() -> deadLetter.handle(this.endpoint.id(), response, ex))
					.subscribeOn(this.scheduler)
				: Mono.empty();
		return handOver.then(this.cursor.commit(next, response)).then(Mono.fromCallable(() -> {
			this.failures = 0;
			this.onSkipped.accept(new Skipped(countEvents(response), response.bodyExcerpt(), ex, deadLettered));
			return PollOutcome.SKIPPED;
		}));
	}

	private int countEvents(LongPollResponse response) {
		try {
			JsonNode payload = this.endpoint.payload().tree(response);
			return payload.isArray() ? payload.size() : 1;
		}
		catch (RuntimeException ex) {
			return 1; // not JSON: one undecodable response
		}
	}

	/**
	 * A response the policy moved past.
	 *
	 * @param events how many events it held
	 * @param excerpt the start of its body
	 * @param cause the last failure
	 * @param deadLettered whether the dead-letter handler took it
	 */
	record Skipped(int events, String excerpt, Throwable cause, boolean deadLettered) {
	}

	/**
	 * The policy says stop; carries the handler failure.
	 */
	static final class StopListener extends RuntimeException {

		StopListener(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
