package dev.longpoll.container;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.DeadLetterHandler;
import dev.longpoll.handler.ErrorPolicy;

/**
 * Applies a listener's {@link ErrorPolicy} to handler failures: retry (the loop backs off
 * and the events come again), or, once the retries are spent, skip or dead-letter the
 * response, or stop the listener. Only handler failures count; a cursor store that fails
 * after the handler succeeded is an ordinary failure and never reaches this step.
 */
final class ErrorPolicyStep {

	/**
	 * What a handler failure leads to.
	 */
	enum Decision {

		/** Back off; the same events come again. */
		RETRY,

		/** Move past the response. */
		SKIP,

		/** Hand the response to the dead-letter handler, then move past it. */
		DEAD_LETTER,

		/** Stop the listener. */
		STOP

	}

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
	 * Count a handler failure and decide what it leads to.
	 * @return the decision
	 */
	Decision failed() {
		ErrorPolicy policy = this.endpoint.options().errorPolicy();
		this.failures++;
		if (policy.action() == ErrorPolicy.Action.RETRY || this.failures <= policy.maxRetries()) {
			return Decision.RETRY;
		}
		return switch (policy.action()) {
			case STOP -> Decision.STOP;
			case DEAD_LETTER -> Decision.DEAD_LETTER;
			default -> Decision.SKIP;
		};
	}

	/**
	 * Move past a response the handler could not take: dead-letter it when so decided,
	 * then commit its cursor.
	 * @param decision {@link Decision#SKIP} or {@link Decision#DEAD_LETTER}
	 * @param response the response
	 * @param next the cursor that follows it
	 * @param cause the last handler failure
	 * @return completes once moved past; an error (the dead-letter handler or the store
	 * failed) leaves the response to come again
	 */
	Mono<Void> moveOn(Decision decision, LongPollResponse response, @Nullable String next, Throwable cause) {
		DeadLetterHandler deadLetter = this.endpoint.options().deadLetterHandler();
		boolean deadLettered = decision == Decision.DEAD_LETTER && deadLetter != null;
		Mono<Void> handOver = deadLettered
				? Mono.<Void>fromRunnable(() -> deadLetter.handle(this.endpoint.id(), response, cause))
					.subscribeOn(this.scheduler)
				: Mono.empty();
		return handOver.then(this.cursor.commit(next, response)).then(Mono.fromRunnable(() -> {
			this.failures = 0;
			this.onSkipped.accept(new Skipped(this.endpoint.payload().count(response), response.bodyExcerpt(), cause,
					deadLettered));
		}));
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

}
