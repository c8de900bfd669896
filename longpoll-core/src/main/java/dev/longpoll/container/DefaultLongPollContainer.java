package dev.longpoll.container;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollClientClosedException;
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
class DefaultLongPollContainer extends AbstractLongPollContainer {

	private static final Mono<Optional<Throwable>> HANDLED = Mono.just(Optional.empty());

	private static final Mono<Next> NO_RESULT = Mono
		.error(() -> new IllegalStateException("a poll cycle ended without a result"));

	private final LongPollClient client;

	private final Context handlerContext = Context.of(InvocationScope.CONTEXT_KEY,
			(Supplier<InvocationScope>) () -> observer().openHandlerScope(this));

	private final Prefetch prefetch = new Prefetch(this::send);

	private final PollRequestFactory requests;

	private final ResponseClassifier classifier;

	private final CursorKeeper cursor;

	private final ErrorPolicyStep errorPolicy;

	private final PendingSeek seek = new PendingSeek();

	private final HandlerCalls handlerCalls;

	/** What the observers add to each exchange's context; one function for all polls. */
	private final Function<Context, Context> pollContext = (context) -> observer().pollContext(this, context);


	/**
	 * Create a container, not started.
	 * @param endpoint what it polls
	 * @param client the HTTP client
	 * @param handlerScheduler where handlers and blocking cursor stores run
	 * @param observer told of everything that happens
	 * @param requestCustomizers applied to every request
	 * @param shutdownTimeout how long a stop waits for a handler call in progress
	 */
	DefaultLongPollContainer(LongPollEndpoint endpoint, LongPollClient client, Scheduler handlerScheduler,
			LongPollObserver observer, List<LongPollRequestCustomizer> requestCustomizers, Duration shutdownTimeout) {
		super(endpoint, observer, shutdownTimeout);
		this.client = client;
		this.handlerCalls = new HandlerCalls(handlerScheduler);
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
		Mono<LongPollResponse> response = (this.cursor.isLoaded() && !this.seek.isPending())
				? this.prefetch.poll(this.cursor.position()) // sent ahead, or now
				: this.cursor.loadIfNeeded()
					.then(Mono.defer(() -> this.seek.apply(this.cursor,
							(previous, current) -> observer().onCursorSet(this, previous, current))))
					.then(Mono.defer(() -> this.prefetch.poll(this.cursor.position())));
		return response.flatMap((received) -> handle(received, cycle))
			.switchIfEmpty(NO_RESULT)
			.onErrorResume((ex) -> Mono.just(onError(cycle, ex)));
	}

	private Mono<Next> handle(LongPollResponse response, Object cycle) {
		try {
			return onResponse(response, cycle)
				.onErrorResume((ex) -> Mono.just(onFailure(cycle, Verdict.failed(ex), response.status())));
		}
		catch (RuntimeException ex) {
			return Mono.just(onFailure(cycle, Verdict.failed(ex), response.status()));
		}
	}

	@Override
	public void seek(String cursor) {
		this.cursor.check(cursor);
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
			.contextWrite(this.pollContext);
	}

	private Mono<Next> onResponse(LongPollResponse response, Object cycle) {
		Verdict verdict = this.classifier.classify(response, Clock.systemUTC());
		return switch (verdict.kind()) {
			case DELIVER -> {
				String next = this.cursor.next(response, true);
				yield this.cursor.isUnchanged(next) ? Mono.just(settle(cycle, Verdict.IDLE, response.status()))
						: deliver(response, next, cycle);
			}
			case EMPTY -> commitThen(cycle, response, this.cursor.next(response, false), PollOutcome.EMPTY);
			case CURSOR_GONE -> onCursorGone(cycle, response);
			default -> Mono.just(settle(cycle, verdict, response.status()));
		};
	}

	private Next onError(Object cycle, Throwable failure) {
		if (failure instanceof LongPollClientClosedException) { // retrying on resources that are gone helps nobody
			return halt(cycle, PollOutcome.ERROR, 0, StopReason.CLIENT_CLOSED, failure);
		}
		int status = (failure instanceof LongPollTimeoutException timeout) ? timeout.getStatus() : 0;
		return settle(cycle, this.classifier.classify(failure), status);
	}

	// A cycle whose verdict needs nothing more: nothing new, a stop, or a failure
	private Next settle(Object cycle, Verdict verdict, int status) {
		return switch (verdict.kind()) {
			case NOT_MODIFIED -> onSuccess(cycle, PollOutcome.EMPTY, status, this.timer.pacing());
			case IDLE -> onSuccess(cycle, PollOutcome.IDLE, status, this.timer.pacing());
			case FATAL -> halt(cycle, PollOutcome.FATAL, status, StopReason.FATAL_STATUS, verdict.cause());
			default -> onFailure(cycle, verdict, status);
		};
	}

	private Mono<Next> deliver(LongPollResponse response, @Nullable String next, Object cycle) {
		if (!beginHandling(cycle)) {
			completePoll(cycle, PollOutcome.CANCELLED, response.status()); // paused or stopping: they come again
			return Mono.just(Next.NOW);
		}
		if (endpoint().options().prefetch() > 0) {
			this.prefetch.send(this.cursor.positionAfter(next, response));
			if (!stillCurrent(cycle)) {
				this.prefetch.drop(); // cancelled as it was sent: the cancel's own drop may have run before
			}
		}
		observer().onHandlerStarted(this);
		long handlerStart = System.nanoTime();
		return this.handlerCalls.call(() -> endpoint().handler().handle(response, next))
			.contextWrite(this.handlerContext)
			.then(HANDLED)
			.onErrorResume((ex) -> Mono.just(Optional.of(Exceptions.unwrap(ex))))
			.flatMap((failure) -> {
				Duration took = Duration.ofNanos(System.nanoTime() - handlerStart);
				return failure.isEmpty() ? handled(cycle, response, next, took)
						: handlerFailed(cycle, response, next, failure.get(), took);
			});
	}

	private Mono<Next> handled(Object cycle, LongPollResponse response, @Nullable String next, Duration took) {
		observer().onHandlerCompleted(this, endpoint().payload().count(response), took, null);
		this.errorPolicy.succeeded();
		return commitThen(cycle, response, next, PollOutcome.EVENTS);
	}

	private Mono<Next> handlerFailed(Object cycle, LongPollResponse response, @Nullable String next,
			Throwable failure, Duration took) {
		observer().onHandlerCompleted(this, 0, took, failure);
		if (failure instanceof RejectedExecutionException) {
			// a full handler scheduler within the call: back-pressure, not the handler's fault
			return Mono.just(onFailure(cycle, Verdict.failed(failure), response.status()));
		}
		ErrorPolicyStep.Decision decision = this.errorPolicy.failed();
		return switch (decision) {
			case RETRY -> Mono.just(onFailure(cycle, Verdict.failed(failure), response.status())); // drops what was sent ahead
			case STOP -> Mono.just(halt(cycle, PollOutcome.ERROR, response.status(), StopReason.ERROR_POLICY, failure));
			case SKIP, DEAD_LETTER -> this.errorPolicy.moveOn(decision, response, next, failure)
				.then(Mono.fromCallable(() -> onSuccess(cycle, PollOutcome.SKIPPED, response.status(), Duration.ZERO)));
		};
	}

	private Mono<Next> commitThen(Object cycle, LongPollResponse response, @Nullable String next,
			PollOutcome outcome) {
		Mono<Void> commit = this.cursor.commit(next, response);
		if (commit == CursorKeeper.DONE) { // committed already (nothing new, or a store in memory)
			return Mono.just(onSuccess(cycle, outcome, response.status(), pacingAfter(outcome)));
		}
		return commit.then(Mono.fromCallable(() -> onSuccess(cycle, outcome, response.status(), pacingAfter(outcome))));
	}

	private Duration pacingAfter(PollOutcome outcome) {
		return (outcome == PollOutcome.EVENTS) ? Duration.ZERO : this.timer.pacing();
	}

	private Mono<Next> onCursorGone(Object cycle, LongPollResponse response) {
		return this.cursor.expire(response.status()).map((expiry) -> {
			if (expiry.retry()) {
				completePoll(cycle, PollOutcome.CURSOR_RESET, response.status());
				return Next.repoll(this.timer.pacing());
			}
			return halt(cycle, PollOutcome.CURSOR_RESET, response.status(), StopReason.CURSOR_EXPIRED,
					this.classifier.cursorExpired(response, expiry.reason()));
		});
	}

	private Next halt(Object cycle, PollOutcome outcome, int status, StopReason reason, Throwable cause) {
		this.prefetch.drop();
		Duration took;
		synchronized (cycleLock()) {
			if (!isCurrent(cycle)) {
				return Next.NOW; // cancelled meanwhile: the driver ignores what it returns
			}
			took = this.timer.end(cycle);
			this.failures.setLastError(cause);
		}
		report(outcome, status, took);
		return Next.halt(reason, cause);
	}

	private Next onSuccess(Object cycle, PollOutcome outcome, int status, Duration delay) {
		int failed;
		Duration outage;
		Duration took;
		synchronized (cycleLock()) {
			if (!isCurrent(cycle)) {
				return Next.NOW;
			}
			failed = this.failures.failures();
			outage = this.failures.succeed();
			took = this.timer.end(cycle);
		}
		if (outage != null) {
			observer().onRecovered(this, failed, outage);
		}
		report(outcome, status, took);
		return Next.repoll(delay);
	}

	private Next onFailure(Object cycle, Verdict verdict, int status) {
		this.prefetch.drop(); // the next poll starts again from the committed position
		Throwable failure = verdict.cause();
		boolean timeout = failure instanceof LongPollTimeoutException || failure instanceof TimeoutException;
		PollOutcome outcome = timeout ? PollOutcome.TIMEOUT
				: (verdict.kind() == Verdict.Kind.THROTTLED) ? PollOutcome.THROTTLED : PollOutcome.ERROR;
		Duration took;
		Duration delay;
		int failures;
		synchronized (cycleLock()) {
			if (!isCurrent(cycle)) {
				return Next.NOW;
			}
			took = this.timer.end(cycle);
			delay = this.failures.fail(failure, verdict.retryAfter());
			failures = this.failures.failures();
		}
		report(outcome, status, took);
		if (delay == null) {
			return Next.halt(StopReason.MAX_ATTEMPTS, failure);
		}
		observer().onFailure(this, failure, failures, delay);
		return Next.repoll(delay);
	}

	private boolean stillCurrent(Object cycle) {
		synchronized (cycleLock()) {
			return isCurrent(cycle);
		}
	}

	private void completePoll(Object cycle, PollOutcome outcome, int status) {
		report(outcome, status, this.timer.end(cycle));
	}

	private void report(PollOutcome outcome, int status, @Nullable Duration took) {
		if (took != null) {
			observer().onPollCompleted(this, outcome, status, took);
		}
	}

	@Override
	void loopIdle() {
		this.prefetch.drop();
	}

	@Override
	void prepareRun() {
		this.cursor.reloadOnNextPoll();
		this.failures.reset();
		this.errorPolicy.succeeded();
	}

	@Override
	void cycleCancelled(Object cycle) {
		this.prefetch.drop();
		this.failures.clearNextRetry();
		report(PollOutcome.CANCELLED, 0, this.timer.end(cycle));
	}

	@Override
	Next cycleBroken(Object cycle, Throwable failure) {
		return onFailure(cycle, Verdict.failed(failure), 0); // a bug in a callback: keep polling
	}

	@Override
	public @Nullable String cursor() {
		return this.cursor.current();
	}

}
