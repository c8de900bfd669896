package dev.longpoll.container;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.InvocationScope;

/**
 * The long-poll loop of one listener, without a thread of its own. Each cycle is one Reactor
 * chain, read top to bottom: load the cursor, send the request, classify the response, hand
 * events to the handler on the handler scheduler, commit the cursor, and end in the delay
 * before the next cycle. It backs off only after a failure and resets on the first success;
 * it reports to a {@link LongPollObserver}; {@link AbstractLongPollContainer} has the lifecycle.
 */
public class DefaultLongPollContainer extends AbstractLongPollContainer {

	private static final Mono<Optional<Throwable>> HANDLED = Mono.just(Optional.empty());

	private final LongPollClient client;

	private final Scheduler handlerScheduler;

	private final Context handlerContext = Context.of(InvocationScope.CONTEXT_KEY,
			(Supplier<InvocationScope>) () -> observer().openHandlerScope(this));

	private final PollAhead ahead = new PollAhead(this::send);

	private final PollRequestFactory requests;

	private final ResponseClassifier classifier;

	private final CursorKeeper cursor;

	private final ErrorPolicyStep errorPolicy;

	private final PendingSeek seek = new PendingSeek();


	/**
	 * Create a container, not started.
	 * @param endpoint what it polls
	 * @param client the HTTP client
	 * @param handlerScheduler where handlers and blocking cursor stores run
	 * @param observer told of everything that happens
	 * @param requestCustomizers applied to every request
	 * @param shutdownTimeout how long a stop waits for a handler call in progress
	 */
	public DefaultLongPollContainer(LongPollEndpoint endpoint, LongPollClient client, Scheduler handlerScheduler,
			LongPollObserver observer, List<LongPollRequestCustomizer> requestCustomizers, Duration shutdownTimeout) {
		super(endpoint, observer, shutdownTimeout);
		this.client = client;
		this.handlerScheduler = handlerScheduler;
		this.requests = new PollRequestFactory(endpoint, requestCustomizers);
		this.classifier = new ResponseClassifier(endpoint);
		this.cursor = new CursorKeeper(endpoint, handlerScheduler,
				(abandoned, reason) -> observer.onCursorReset(this, abandoned, reason));
		this.errorPolicy = new ErrorPolicyStep(endpoint, handlerScheduler, this.cursor, (skipped) -> observer
			.onSkipped(this, skipped.events(), skipped.excerpt(), skipped.cause(), skipped.deadLettered()));
	}

	@Override
	Mono<Next> poll(Object cycle) {
		this.failures.clearNextRetry();
		this.timer.begin(cycle);
		observer().onPollStarted(this);
		return this.cursor.loadIfNeeded()
			.then(Mono.defer(() -> this.seek.apply(this.cursor,
					(previous, current) -> observer().onCursorSet(this, previous, current))))
			.then(Mono.defer(() -> this.ahead.poll(this.cursor.position()))) // sent ahead, or now
			.flatMap((response) -> Mono.defer(() -> onResponse(response, cycle))
				.onErrorResume((ex) -> Mono.just(onFailure(Verdict.failed(ex), response.status()))))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("a poll cycle ended without a result")))
			.onErrorResume((ex) -> Mono.just(onError(ex)));
	}

	@Override
	public void seek(String cursor) {
		this.seek.request(new CursorPosition(cursor, Map.of()));
		repollNow();
	}

	@Override
	public void resetCursor() {
		this.seek.request(null);
		repollNow();
	}

	private Mono<LongPollResponse> send(CursorPosition position) {
		return this.client.exchange(this.requests.create(position))
			.contextWrite((context) -> observer().pollContext(this, context));
	}

	private Mono<Next> onResponse(LongPollResponse response, Object cycle) {
		Verdict verdict = this.classifier.classify(response, Clock.systemUTC());
		return switch (verdict.kind()) {
			case DELIVER -> {
				String next = this.cursor.next(response, true);
				yield this.cursor.isUnchanged(next) ? Mono.just(settle(Verdict.IDLE, response.status()))
						: deliver(response, next, cycle);
			}
			case EMPTY -> commitThen(response, this.cursor.next(response, false), PollOutcome.EMPTY);
			case CURSOR_GONE -> onCursorGone(response);
			default -> Mono.just(settle(verdict, response.status()));
		};
	}

	private Next onError(Throwable failure) {
		int status = (failure instanceof LongPollTimeoutException timeout) ? timeout.getStatus() : 0;
		return settle(this.classifier.classify(failure), status);
	}

	// A cycle whose verdict needs nothing more: nothing new, a stop, or a failure
	private Next settle(Verdict verdict, int status) {
		return switch (verdict.kind()) {
			case NOT_MODIFIED -> onSuccess(PollOutcome.EMPTY, status, this.timer.pacing());
			case IDLE -> onSuccess(PollOutcome.IDLE, status, this.timer.pacing());
			case FATAL -> halt(PollOutcome.FATAL, status, StopReason.FATAL_STATUS, verdict.cause());
			default -> onFailure(verdict, status);
		};
	}

	private Mono<Next> deliver(LongPollResponse response, @Nullable String next, Object cycle) {
		if (!beginHandling(cycle)) {
			completePoll(PollOutcome.CANCELLED, response.status()); // paused or stopping: they come again
			return Mono.just(Next.NOW);
		}
		if (endpoint().options().prefetch() > 0) {
			this.ahead.send(this.cursor.positionAfter(next, response));
		}
		observer().onHandlerStarted(this);
		long handlerStart = System.nanoTime();
		return Mono.defer(() -> endpoint().handler().handle(response, next))
			.subscribeOn(this.handlerScheduler)
			.contextWrite(this.handlerContext)
			.then(HANDLED)
			.onErrorResume((ex) -> Mono.just(Optional.of(Exceptions.unwrap(ex))))
			.flatMap((failure) -> {
				Duration took = Duration.ofNanos(System.nanoTime() - handlerStart);
				return failure.isEmpty() ? handled(response, next, took)
						: handlerFailed(response, next, failure.get(), took);
			});
	}

	private Mono<Next> handled(LongPollResponse response, @Nullable String next, Duration took) {
		observer().onHandlerCompleted(this, endpoint().payload().count(response), took, null);
		this.errorPolicy.succeeded();
		return commitThen(response, next, PollOutcome.EVENTS);
	}

	private Mono<Next> handlerFailed(LongPollResponse response, @Nullable String next, Throwable failure,
			Duration took) {
		observer().onHandlerCompleted(this, 0, took, failure);
		ErrorPolicyStep.Decision decision = this.errorPolicy.failed();
		return switch (decision) {
			case RETRY -> Mono.just(onFailure(Verdict.failed(failure), response.status())); // drops what was sent ahead
			case STOP -> Mono.just(halt(PollOutcome.ERROR, response.status(), StopReason.ERROR_POLICY, failure));
			case SKIP, DEAD_LETTER -> this.errorPolicy.moveOn(decision, response, next, failure)
				.then(Mono.fromCallable(() -> onSuccess(PollOutcome.SKIPPED, response.status(), Duration.ZERO)));
		};
	}

	private Mono<Next> commitThen(LongPollResponse response, @Nullable String next, PollOutcome outcome) {
		return this.cursor.commit(next, response)
			.then(Mono.fromCallable(() -> onSuccess(outcome, response.status(),
					(outcome == PollOutcome.EVENTS) ? Duration.ZERO : this.timer.pacing())));
	}

	private Mono<Next> onCursorGone(LongPollResponse response) {
		return this.cursor.expire(response.status()).map((expiry) -> {
			if (expiry.retry()) {
				completePoll(PollOutcome.CURSOR_RESET, response.status());
				return Next.repoll(this.timer.pacing());
			}
			return halt(PollOutcome.CURSOR_RESET, response.status(), StopReason.CURSOR_EXPIRED,
					this.classifier.cursorExpired(response, expiry.reason()));
		});
	}

	private Next halt(PollOutcome outcome, int status, StopReason reason, Throwable cause) {
		this.ahead.drop();
		completePoll(outcome, status);
		this.failures.setLastError(cause);
		return Next.halt(reason, cause);
	}

	private Next onSuccess(PollOutcome outcome, int status, Duration delay) {
		int failed = this.failures.failures();
		Duration outage = this.failures.succeed();
		if (outage != null) {
			observer().onRecovered(this, failed, outage);
		}
		completePoll(outcome, status);
		return Next.repoll(delay);
	}

	private Next onFailure(Verdict verdict, int status) {
		this.ahead.drop(); // the next poll starts again from the committed position
		Throwable failure = verdict.cause();
		boolean timeout = failure instanceof LongPollTimeoutException || failure instanceof TimeoutException;
		completePoll(timeout ? PollOutcome.TIMEOUT
				: (verdict.kind() == Verdict.Kind.THROTTLED) ? PollOutcome.THROTTLED : PollOutcome.ERROR, status);
		Duration delay = this.failures.fail(failure, verdict.retryAfter());
		if (delay == null) {
			return Next.halt(StopReason.MAX_ATTEMPTS, failure);
		}
		observer().onFailure(this, failure, this.failures.failures(), delay);
		return Next.repoll(delay);
	}

	private void completePoll(PollOutcome outcome, int status) {
		report(outcome, status, this.timer.end());
	}

	private void report(PollOutcome outcome, int status, @Nullable Duration took) {
		if (took != null) {
			observer().onPollCompleted(this, outcome, status, took);
		}
	}

	@Override
	void loopIdle() {
		this.ahead.drop();
	}

	@Override
	void prepareRun() {
		this.cursor.reloadOnNextPoll();
		this.failures.reset();
		this.errorPolicy.succeeded();
	}

	@Override
	void cycleCancelled(Object cycle) {
		this.ahead.drop();
		this.failures.clearNextRetry();
		report(PollOutcome.CANCELLED, 0, this.timer.end(cycle));
	}

	@Override
	Next cycleBroken(Throwable failure) {
		return onFailure(Verdict.failed(failure), 0); // a bug in a callback: keep polling
	}

	@Override
	public @Nullable String cursor() {
		return this.cursor.current();
	}

}
