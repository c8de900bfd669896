package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpStatus;

import dev.longpoll.client.LongPollClient;
import dev.longpoll.client.LongPollRequestCustomizer;
import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.LongPollStatusException;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.client.RetryAfter;
import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.listener.LongPollDecodingException;

/**
 * The long-poll loop of one listener, without a thread of its own: each poll cycle is a
 * Reactor chain (request, whole response, handler on the handler scheduler, cursor
 * commit) whose result is the delay before the next cycle, scheduled with
 * {@code Mono.delay}. It backs off only after a failure, resets on the first success, and
 * reports everything to a {@link LongPollObserver}.
 */
public class DefaultLongPollContainer implements LongPollContainer {

	private final LongPollEndpoint endpoint;

	private final LongPollClient client;

	private final Scheduler handlerScheduler;

	private final LongPollObserver observer;

	private final PollRequests requests;

	private final Object lock = new Object();

	private volatile ListenerState state = ListenerState.CREATED;

	private final CursorKeeper cursor;

	private final ErrorPolicyStep errorPolicy;

	private final FailureStreak failures;

	private volatile @Nullable StopReason stopReason;

	private volatile @Nullable Instant lastPollCompleted;

	private final AtomicBoolean pollInFlight = new AtomicBoolean();

	private volatile long pollStartNanos;

	// Guarded by lock
	private @Nullable CycleSubscriber current;

	private boolean handling;

	private Sinks.Empty<Void> halted = Sinks.empty();

	public DefaultLongPollContainer(LongPollEndpoint endpoint, LongPollClient client, Scheduler handlerScheduler,
			LongPollObserver observer, List<LongPollRequestCustomizer> requestCustomizers) {
		this.endpoint = endpoint;
		this.client = client;
		this.handlerScheduler = handlerScheduler;
		this.observer = observer;
		this.requests = new PollRequests(endpoint, requestCustomizers);
		this.failures = new FailureStreak(endpoint.backOff(), endpoint.maxRetryAfter());
		this.cursor = new CursorKeeper(endpoint, handlerScheduler,
				(abandoned, reason) -> observer.onCursorReset(this, abandoned, reason));
		this.errorPolicy = new ErrorPolicyStep(endpoint, handlerScheduler, this.cursor,
				(skipped) -> observer.onSkipped(this, skipped.events(), skipped.excerpt(), skipped.cause(),
						skipped.deadLettered()));
	}

	@Override
	public LongPollEndpoint endpoint() {
		return this.endpoint;
	}

	@Override
	public ListenerState state() {
		return this.state;
	}

	@Override
	public @Nullable String cursor() {
		return this.cursor.current();
	}

	@Override
	public int consecutiveFailures() {
		return this.failures.failures();
	}

	@Override
	public @Nullable Throwable lastError() {
		return this.failures.lastError();
	}

	@Override
	public @Nullable Instant lastSuccess() {
		return this.failures.lastSuccess();
	}

	@Override
	public @Nullable Instant lastPollCompleted() {
		return this.lastPollCompleted;
	}

	@Override
	public boolean pollInFlight() {
		return this.pollInFlight.get();
	}

	@Override
	public @Nullable Instant nextRetryAt() {
		return this.failures.nextRetryAt();
	}

	@Override
	public @Nullable StopReason stopReason() {
		return this.stopReason;
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (!this.state.isStartable()) {
				return;
			}
			this.halted = Sinks.empty();
			this.cursor.reloadOnNextPoll();
			this.failures.reset();
			this.errorPolicy.succeeded();
			this.stopReason = null;
		}
		changeState(ListenerState.RUNNING);
		schedule(Duration.ZERO);
	}

	@Override
	public Mono<Void> stop() {
		synchronized (this.lock) {
			if (this.state == ListenerState.STOPPING) {
				return this.halted.asMono();
			}
			if (this.state != ListenerState.RUNNING && this.state != ListenerState.PAUSED) {
				return Mono.empty();
			}
			boolean idle = !this.handling;
			changeState(ListenerState.STOPPING);
			if (idle) {
				halt(StopReason.REQUESTED, null);
			}
			return this.halted.asMono();
		}
	}

	@Override
	public void cancel() {
		synchronized (this.lock) {
			this.handling = false;
			if (this.state == ListenerState.STOPPING) {
				halt(StopReason.REQUESTED, null);
			}
			else {
				disposeCurrent();
			}
		}
	}

	@Override
	public void pause() {
		synchronized (this.lock) {
			if (this.state != ListenerState.RUNNING) {
				return;
			}
			changeState(ListenerState.PAUSED);
			if (!this.handling) {
				disposeCurrent();
			}
		}
	}

	@Override
	public void resume() {
		boolean idle;
		synchronized (this.lock) {
			if (this.state != ListenerState.PAUSED) {
				return;
			}
			changeState(ListenerState.RUNNING);
			idle = !this.handling;
		}
		if (idle) {
			schedule(Duration.ZERO);
		}
	}

	private void schedule(Duration delay) {
		CycleSubscriber subscriber = new CycleSubscriber();
		synchronized (this.lock) {
			if (this.state == ListenerState.STOPPING) {
				halt(StopReason.REQUESTED, null);
			}
			if (this.state != ListenerState.RUNNING) {
				this.current = null;
				completePoll(PollOutcome.CANCELLED, 0, this.pollStartNanos);
				return;
			}
			this.current = subscriber;
		}
		Mono<Duration> cycle = Mono.defer(this::pollOnce);
		(delay.isZero() ? cycle : Mono.delay(delay).then(cycle)).subscribe(subscriber);
	}

	private Mono<Duration> pollOnce() {
		long start = System.nanoTime();
		this.pollStartNanos = start;
		this.failures.clearNextRetry();
		this.pollInFlight.set(true);
		this.observer.onPollStarted(this);
		return this.cursor.loadIfNeeded()
			.then(Mono.defer(() -> this.client.exchange(this.requests.create(this.cursor))))
			.flatMap((response) -> onResponse(response, start))
			.onErrorResume((ex) -> Mono.justOrEmpty(onFailure(ex, start, 0, null)));
	}

	private Mono<Duration> onResponse(LongPollResponse response, long start) {
		int status = response.status();
		if (status == HttpStatus.NOT_MODIFIED.value()) {
			onSuccess(PollOutcome.EMPTY, status, start);
			return Mono.just(pacing(start));
		}
		boolean gone = this.endpoint.cursorRecovery().goneStatuses().contains(status);
		if (gone && this.endpoint.cursorRecovery().onGone() == CursorRecovery.OnGone.RESET
				&& this.cursor.canReset()) {
			return this.cursor.reset("the server answered " + status + " (cursor expired)").then(Mono.fromCallable(() -> {
				completePoll(PollOutcome.CURSOR_RESET, status, start);
				return pacing(start);
			}));
		}
		if (gone || this.endpoint.fatalStatuses().contains(status)) {
			onFatal(response, start);
			return Mono.empty();
		}
		if (status < 200 || status >= 300) {
			Duration retryAfter = this.endpoint.throttleStatuses().contains(status)
					? RetryAfter.parse(response.headers().getFirst("Retry-After"), Instant.now()) : null;
			String consequence = (status >= 300 && status < 400)
					? " (a redirect; set 'follow-redirects' to follow it)" : "";
			return Mono.justOrEmpty(
					onFailure(new LongPollStatusException(this.endpoint.id(), response, consequence), start, status,
							retryAfter));
		}
		String next;
		boolean empty;
		try {
			empty = status == HttpStatus.NO_CONTENT.value() || this.endpoint.payload().isEmpty(response);
			next = this.cursor.next(response);
		}
		catch (RuntimeException ex) {
			return Mono.justOrEmpty(onFailure(
					new LongPollDecodingException(this.endpoint.id(), "a cursor", response, ex), start, status, null));
		}
		if (empty) {
			return this.cursor.commit(next, response).then(Mono.fromCallable(() -> {
				onSuccess(PollOutcome.EMPTY, status, start);
				return pacing(start);
			}));
		}
		return deliver(response, next, start);
	}

	private Mono<Duration> deliver(LongPollResponse response, @Nullable String next, long start) {
		synchronized (this.lock) {
			if (this.state != ListenerState.RUNNING) {
				return Mono.just(Duration.ZERO); // paused or stopping: the events come again
			}
			this.handling = true;
		}
		this.observer.onHandlerStarted(this);
		long handlerStart = System.nanoTime();
		return Mono.defer(() -> this.endpoint.handler().deliver(response, next))
			.subscribeOn(this.handlerScheduler)
			.doOnNext((events) -> this.observer.onHandlerCompleted(this, events,
					Duration.ofNanos(System.nanoTime() - handlerStart), null))
			.flatMap((events) -> this.cursor.commit(next, response).thenReturn(PollOutcome.EVENTS))
			.onErrorResume((raw) -> {
				Throwable ex = Exceptions.unwrap(raw); // a checked exception thrown by a listener method
				this.observer.onHandlerCompleted(this, 0, Duration.ofNanos(System.nanoTime() - handlerStart), ex);
				return this.errorPolicy.apply(response, next, ex);
			})
			.map((outcome) -> {
				this.errorPolicy.succeeded();
				endHandling();
				onSuccess(outcome, response.status(), start);
				return Duration.ZERO;
			})
			.onErrorResume((ex) -> {
				endHandling();
				if (ex instanceof ErrorPolicyStep.StopListener stop) {
					completePoll(PollOutcome.ERROR, response.status(), start);
					synchronized (this.lock) {
						halt(StopReason.ERROR_POLICY, stop.getCause());
					}
					return Mono.empty();
				}
				return Mono.justOrEmpty(onFailure(ex, start, response.status(), null));
			});
	}

	private void endHandling() {
		synchronized (this.lock) {
			this.handling = false;
		}
	}

	private Duration pacing(long start) {
		Duration remaining = this.endpoint.minEmptyPollInterval().minusNanos(System.nanoTime() - start);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	private void onSuccess(PollOutcome outcome, int status, long start) {
		int failed = this.failures.failures();
		Duration outage = this.failures.succeed();
		if (outage != null) {
			this.observer.onRecovered(this, failed, outage);
		}
		completePoll(outcome, status, start);
	}

	private void completePoll(PollOutcome outcome, int status, long start) {
		if (this.pollInFlight.compareAndSet(true, false)) {
			this.lastPollCompleted = Instant.now();
			this.observer.onPollCompleted(this, outcome, status, Duration.ofNanos(System.nanoTime() - start));
		}
	}

	private @Nullable Duration onFailure(Throwable ex, long start, int status, @Nullable Duration retryAfter) {
		PollOutcome outcome = isTimeout(ex) ? PollOutcome.TIMEOUT
				: (retryAfter != null || this.endpoint.throttleStatuses().contains(status)) ? PollOutcome.THROTTLED
						: PollOutcome.ERROR;
		completePoll(outcome, status, start);
		Duration delay = this.failures.fail(ex, start, retryAfter);
		if (delay == null) {
			synchronized (this.lock) {
				halt(StopReason.MAX_ATTEMPTS, ex);
			}
			return null;
		}
		this.observer.onFailure(this, ex, this.failures.failures(), delay);
		return delay;
	}

	private static boolean isTimeout(Throwable ex) {
		return ex instanceof LongPollTimeoutException || ex instanceof TimeoutException;
	}

	private void onFatal(LongPollResponse response, long start) {
		completePoll(PollOutcome.FATAL, response.status(), start);
		LongPollStatusException cause = new LongPollStatusException(this.endpoint.id(), response,
				", a fatal status for this listener: stopped (start it again once the cause is fixed)");
		this.failures.setLastError(cause);
		synchronized (this.lock) {
			halt(StopReason.FATAL_STATUS, cause);
		}
	}

	// Called with the lock held
	private void halt(StopReason reason, @Nullable Throwable cause) {
		if (this.state == ListenerState.STOPPED || this.state == ListenerState.FAILED) {
			return;
		}
		disposeCurrent();
		this.stopReason = reason;
		changeState((reason == StopReason.REQUESTED) ? ListenerState.STOPPED : ListenerState.FAILED);
		this.observer.onStopped(this, reason, cause);
		this.halted.tryEmitEmpty();
	}

	private void disposeCurrent() {
		CycleSubscriber subscriber = this.current;
		this.current = null;
		this.failures.clearNextRetry();
		if (subscriber != null) {
			subscriber.dispose();
		}
		completePoll(PollOutcome.CANCELLED, 0, this.pollStartNanos);
	}

	private void changeState(ListenerState next) {
		ListenerState previous = this.state;
		this.state = next;
		if (previous != next) {
			this.observer.onStateChanged(this, previous);
		}
	}

	/**
	 * Runs one cycle and schedules the next with the delay it returns.
	 */
	private final class CycleSubscriber extends BaseSubscriber<Duration> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(Duration delay) {
			schedule(delay);
		}

		@Override
		protected void hookOnError(Throwable ex) {
			// A bug in a customizer, strategy or observer: keep polling after a backoff.
			Duration delay = onFailure(ex, System.nanoTime(), 0, null);
			if (delay != null) {
				schedule(delay);
			}
		}

	}

}
