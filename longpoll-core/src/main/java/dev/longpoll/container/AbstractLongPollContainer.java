package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.internal.LiveResources;
import dev.longpoll.internal.SerialQueue;

/**
 * The lifecycle of one listener: its state machine and the driver that runs one poll
 * cycle after another, with what each cycle is left to subclasses ({@link #poll}).
 * <p>
 * Every state change happens under one lock; observers and other callbacks are told
 * afterwards, in order, never while the lock is held. A cycle belongs to the run that
 * started it: once it is cancelled, or the listener was stopped or restarted meanwhile,
 * it hands no events over and its result is ignored, so one listener never runs two
 * loops (a cycle cancelled just as it starts may still send its request, which is
 * cancelled at once). A stop cancels a poll in flight at once, lets a handler call in
 * progress finish within the shutdown timeout and then cancels it.
 */
abstract class AbstractLongPollContainer implements LongPollContainer {

	private static final Log logger = LogFactory.getLog(AbstractLongPollContainer.class);

	private final Object lock = new Object();

	private final LongPollEndpoint endpoint;

	private final LongPollObserver observer;

	private final Duration shutdownTimeout;

	private final SerialQueue notifications = new SerialQueue(
			(ex) -> logger.warn("Long-poll listener '" + id() + "': a lifecycle callback failed", ex));

	private final SerialQueue launches = new SerialQueue(
			(ex) -> logger.warn("Long-poll listener '" + id() + "': a poll cycle could not start", ex));

	/** The failures in a row and the backoff they lead to; the cycle reports to it. */
	final FailureStreak failures;

	/** The timing of the poll cycles; the cycle reports to it. */
	final PollTimer timer;

	private volatile ListenerState state = ListenerState.CREATED;

	private volatile @Nullable StopReason stopReason;

	// Guarded by lock
	private @Nullable Cycle current;

	/**
	 * Errors that arrive once a cycle was cancelled (a handler interrupted by a stop, a
	 * connection that closes as its poll is cancelled) concern nobody any more: they go to
	 * a DEBUG line through Reactor's subscription-local onErrorDropped hook
	 * ({@code Hooks.KEY_ON_ERROR_DROPPED}) rather than to its default ERROR log. One context
	 * serves all the listener's cycles.
	 */
	private final Context cycleContext = Context.of("reactor.onErrorDropped.local",
			(Consumer<Throwable>) this::dropped);

	private boolean handling;

	/** Whether something that stops this listener when it closes still owns it. */
	private volatile BooleanSupplier owned = () -> false;

	private Sinks.Empty<Void> stopped = Sinks.empty();

	/**
	 * Create a container.
	 * @param endpoint what it polls
	 * @param observer told of everything that happens
	 * @param shutdownTimeout how long a stop waits for a handler call in progress
	 */
	protected AbstractLongPollContainer(LongPollEndpoint endpoint, LongPollObserver observer,
			Duration shutdownTimeout) {
		this.endpoint = endpoint;
		this.observer = observer;
		this.shutdownTimeout = shutdownTimeout;
		this.failures = new FailureStreak(endpoint.options().backOff(), endpoint.options().statuses().maxRetryAfter());
		this.timer = new PollTimer(endpoint.options().minEmptyPollInterval());
	}

	/**
	 * Run one poll cycle. It must end in exactly one {@link Next}.
	 * @param cycle the cycle, to pass to {@link #beginHandling(Object)}
	 * @return the cycle's end
	 */
	abstract Mono<Next> poll(Object cycle);

	/**
	 * Reset what one run of the loop keeps; called under the lock when the listener
	 * starts, so it must not call out.
	 */
	abstract void prepareRun();

	/**
	 * A cycle was cancelled (by a stop, pause or cancel); called outside the lock.
	 * @param cycle the cycle
	 */
	abstract void cycleCancelled(Object cycle);

	/**
	 * The loop stopped or parked after a cycle: no cycle follows for now; called outside
	 * the lock.
	 */
	abstract void loopIdle();

	/**
	 * A cycle failed or ended empty, which only a bug in a callback can cause.
	 * @param cycle the cycle
	 * @param failure what happened
	 * @return how to go on
	 */
	abstract Next cycleBroken(Object cycle, Throwable failure);

	/**
	 * The lock of the state machine. A cycle updates what the loop keeps across cycles (the
	 * failure streak, the poll timer) only under it and only while it is the current cycle
	 * ({@link #isCurrent(Object)}), so that a cycle cancelled meanwhile, whose callbacks may
	 * still run late on another thread, never touches the next cycle's state.
	 * @return the lock
	 */
	final Object cycleLock() {
		return this.lock;
	}

	/**
	 * Whether a cycle is still the current one; call it holding {@link #cycleLock()}.
	 * @param cycle the cycle
	 * @return whether it is current
	 */
	final boolean isCurrent(Object cycle) {
		return this.current == cycle;
	}

	/**
	 * Say what owns this listener and stops it when it closes, for the leak check.
	 * @param owned whether the owner is still open
	 */
	final void ownedBy(BooleanSupplier owned) {
		this.owned = owned;
	}

	protected final LongPollObserver observer() {
		return this.observer;
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
	public @Nullable Instant nextRetryAt() {
		return this.failures.nextRetryAt();
	}

	@Override
	public @Nullable Instant lastPollCompleted() {
		return this.timer.lastEnded();
	}

	@Override
	public boolean pollInFlight() {
		return this.timer.inFlight();
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
	public @Nullable StopReason stopReason() {
		return this.stopReason;
	}

	@Override
	public void start() {
		Cycle first;
		synchronized (this.lock) {
			if (!this.state.isStartable()) {
				return;
			}
			this.stopped = Sinks.empty();
			this.stopReason = null;
			this.handling = false;
			prepareRun();
			transition(ListenerState.RUNNING);
			LiveResources.opened(this, () -> "long-poll listener '" + id() + "' (" + this.state + ")",
					() -> this.owned.getAsBoolean());
			first = newCycle();
		}
		this.notifications.drain(); // observers hear of it outside the lock, in order
		launch(first, Duration.ZERO, true); // the first connect happens off the caller's thread
	}

	@Override
	public Mono<Void> stop() {
		Mono<Void> done;
		synchronized (this.lock) {
			if (!this.state.isActive()) {
				return Mono.empty();
			}
			if (this.state != ListenerState.STOPPING) {
				transition(ListenerState.STOPPING);
				if (!this.handling) {
					cancelCurrent();
					finish(StopReason.REQUESTED, null);
				}
			}
			done = this.stopped.asMono();
		}
		this.notifications.drain();
		return done.timeout(this.shutdownTimeout, Mono.fromRunnable(this::cancelAfterTimeout));
	}

	private void cancelAfterTimeout() {
		boolean wasHandling;
		synchronized (this.lock) {
			wasHandling = this.handling && this.state == ListenerState.STOPPING;
		}
		cancel();
		if (wasHandling) {
			this.observer.onHandlerCancelled(this, this.shutdownTimeout);
		}
	}

	@Override
	public void cancel() {
		synchronized (this.lock) {
			if (!this.state.isActive()) {
				return;
			}
			cancelCurrent();
			finish(StopReason.REQUESTED, null);
		}
		this.notifications.drain();
	}

	@Override
	public void pause() {
		synchronized (this.lock) {
			if (this.state != ListenerState.RUNNING) {
				return;
			}
			transition(ListenerState.PAUSED);
			if (!this.handling) {
				cancelCurrent();
			}
		}
		this.notifications.drain();
	}

	@Override
	public void resume() {
		Cycle next = null;
		synchronized (this.lock) {
			if (this.state != ListenerState.PAUSED) {
				return;
			}
			transition(ListenerState.RUNNING);
			if (this.current == null) {
				next = newCycle(); // parked: nothing in flight will go on by itself
			}
		}
		this.notifications.drain();
		if (next != null) {
			launch(next, Duration.ZERO, false);
		}
	}

	/**
	 * Start a fresh cycle now if the listener is running and no handler call is in
	 * progress, cancelling a held poll; otherwise the next cycle comes in its own time.
	 */
	final void repollNow() {
		Cycle next = null;
		synchronized (this.lock) {
			if (this.state == ListenerState.RUNNING && !this.handling) {
				cancelCurrent();
				next = newCycle();
			}
		}
		this.notifications.drain();
		if (next != null) {
			launch(next, Duration.ZERO, false);
		}
	}

	/**
	 * Called by a cycle before it hands events to the handler: from then on a stop or
	 * pause waits for the cycle to end instead of cancelling it.
	 * @param cycle the cycle
	 * @return {@code false} when the cycle is no longer current or the listener is no
	 * longer running: the events must not be handled (they come again)
	 */
	final boolean beginHandling(Object cycle) {
		synchronized (this.lock) {
			if (this.current != cycle || this.state != ListenerState.RUNNING) {
				return false;
			}
			this.handling = true;
			return true;
		}
	}

	private void advance(Cycle cycle, Next next) {
		Cycle following = null;
		synchronized (this.lock) {
			if (this.current != cycle) {
				return; // cancelled, stopped or restarted meanwhile
			}
			this.current = null;
			this.handling = false;
			if (next instanceof Next.Halt halt) {
				finish(halt.reason(), halt.cause());
			}
			else if (this.state == ListenerState.STOPPING) {
				finish(StopReason.REQUESTED, null);
			}
			else if (this.state == ListenerState.RUNNING) {
				following = newCycle();
			}
			// PAUSED: parked until resume()
			if (following == null) {
				this.notifications.add(this::loopIdle);
			}
		}
		this.notifications.drain();
		if (following != null) {
			launch(following, ((Next.Repoll) next).delay(), false);
		}
	}

	/**
	 * Subscribe a cycle, trampolined: a cycle that ends synchronously (a client that
	 * answers without a thread hop) launches the next one from here rather than from
	 * deeper in the stack. A cycle cancelled meanwhile does nothing.
	 */
	private void launch(Cycle cycle, Duration delay, boolean hop) {
		if (hop) { // so that starting a thousand listeners from one thread does not open a thousand connections on it
			try {
				Schedulers.parallel().schedule(() -> launch(cycle, delay, false));
				return;
			}
			catch (RejectedExecutionException ex) {
				// Reactor's schedulers are shutting down: launch here
			}
		}
		this.launches.add(() -> cycle.launch(delay));
		this.launches.drain();
	}

	// Called with the lock held
	private Cycle newCycle() {
		Cycle cycle = new Cycle();
		this.current = cycle;
		return cycle;
	}

	/**
	 * Cancel the cycle in flight, with the lock held so that no next cycle can start
	 * before it is gone; what that tells observers waits until the lock is released.
	 */
	private void cancelCurrent() {
		Cycle cycle = this.current;
		this.current = null;
		this.handling = false;
		if (cycle != null) {
			try {
				cycle.dispose();
			}
			catch (RuntimeException ex) { // e.g. a channel whose event loop is gone: the cycle is over all the same
				if (logger.isDebugEnabled()) {
					logger.debug("Long-poll listener '" + id() + "': cancelling its poll cycle failed", ex);
				}
			}
		}
	}

	// Called with the lock held
	private void finish(StopReason reason, @Nullable Throwable cause) {
		LiveResources.closed(this);
		this.stopReason = reason;
		transition((reason == StopReason.REQUESTED) ? ListenerState.STOPPED : ListenerState.FAILED);
		Sinks.Empty<Void> done = this.stopped;
		this.notifications.add(() -> {
			this.observer.onStopped(this, reason, cause);
			done.tryEmitEmpty();
		});
	}

	// Called with the lock held
	private void transition(ListenerState next) {
		ListenerState previous = this.state;
		this.state = next;
		if (previous != next) {
			this.notifications.add(() -> this.observer.onStateChanged(this, previous, next));
		}
	}

	/**
	 * One poll cycle: subscribes to {@link #poll} and hands its end to the driver.
	 */
	private void dropped(Throwable error) {
		if (logger.isDebugEnabled()) {
			logger.debug("Long-poll listener '" + id() + "': " + error + " arrived after its poll cycle ended");
		}
	}

	private final class Cycle extends BaseSubscriber<Next> {

		private boolean ended;

		@Override
		public Context currentContext() {
			return AbstractLongPollContainer.this.cycleContext;
		}

		void launch(Duration delay) {
			Mono<Next> poll = Mono.defer(() -> isDisposed() ? Mono.<Next>never() : poll(this));
			(delay.isZero() ? poll : Mono.delay(delay).then(poll)).subscribe(this);
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(Next next) {
			this.ended = true;
			advance(this, next);
		}

		@Override
		protected void hookOnError(Throwable failure) {
			advance(this, cycleBroken(this, failure));
		}

		@Override
		protected void hookOnComplete() {
			if (!this.ended) {
				advance(this, cycleBroken(this, new IllegalStateException("a poll cycle ended without a result")));
			}
		}

		@Override
		protected void hookOnCancel() {
			AbstractLongPollContainer.this.notifications.add(() -> cycleCancelled(this));
		}

	}

}
