package dev.longpoll.container;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * The lifecycle of one listener: its state machine and the driver that runs one poll
 * cycle after another, with what each cycle is left to subclasses ({@link #poll}).
 * <p>
 * Every state change happens under one lock; observers and other callbacks are told
 * afterwards, in order, never while the lock is held. A cycle belongs to the run that
 * started it: once it is cancelled, or the listener was stopped or restarted meanwhile,
 * it hands no events over and its result is ignored, so one listener never runs two
 * loops (a cycle cancelled just as it starts may still send its request, which is
 * cancelled at once). A stop cancels a poll in
 * flight at once, lets a handler call in progress finish within the shutdown timeout and
 * then cancels it.
 */
abstract class AbstractLongPollContainer implements LongPollContainer {

	private static final Log logger = LogFactory.getLog(AbstractLongPollContainer.class);

	private final Object lock = new Object();

	private final LongPollEndpoint endpoint;

	private final LongPollObserver observer;

	private final Duration shutdownTimeout;

	private final Queue<Runnable> notifications = new ConcurrentLinkedQueue<>();

	private final AtomicInteger draining = new AtomicInteger();

	private final AtomicInteger launching = new AtomicInteger();

	private final AtomicReference<@Nullable Launch> toLaunch = new AtomicReference<>();

	private volatile ListenerState state = ListenerState.CREATED;

	private volatile @Nullable StopReason stopReason;

	// Guarded by lock
	private @Nullable Cycle current;

	private boolean handling;

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
	 * A cycle failed or ended empty, which only a bug in a callback can cause.
	 * @param failure what happened
	 * @return how to go on
	 */
	abstract Next cycleBroken(Throwable failure);

	protected final LongPollObserver observer() {
		return this.observer;
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
			first = newCycle();
		}
		drainNotifications();
		launch(first, Duration.ZERO);
	}

	@Override
	public Mono<Void> stop() {
		Mono<Void> done;
		synchronized (this.lock) {
			if (this.state != ListenerState.RUNNING && this.state != ListenerState.PAUSED
					&& this.state != ListenerState.STOPPING) {
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
		drainNotifications();
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
			if (this.state != ListenerState.RUNNING && this.state != ListenerState.PAUSED
					&& this.state != ListenerState.STOPPING) {
				return;
			}
			cancelCurrent();
			finish(StopReason.REQUESTED, null);
		}
		drainNotifications();
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
		drainNotifications();
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
		drainNotifications();
		if (next != null) {
			launch(next, Duration.ZERO);
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
		}
		drainNotifications();
		if (following != null) {
			launch(following, ((Next.Repoll) next).delay());
		}
	}

	/**
	 * Subscribe a cycle, trampolined: a cycle that ends synchronously (a client that
	 * answers without a thread hop) launches the next one from here rather than from
	 * deeper in the stack.
	 */
	private void launch(Cycle cycle, Duration delay) {
		this.toLaunch.set(new Launch(cycle, delay));
		if (this.launching.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			Launch next = this.toLaunch.getAndSet(null);
			if (next != null) {
				next.cycle().launch(next.delay());
			}
			missed = this.launching.addAndGet(-missed);
		}
		while (missed != 0);
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
			cycle.dispose();
		}
	}

	// Called with the lock held
	private void finish(StopReason reason, @Nullable Throwable cause) {
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
	 * Tell observers, outside the lock, what changed; one thread at a time, in order.
	 */
	private void drainNotifications() {
		if (this.draining.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			Runnable notification;
			while ((notification = this.notifications.poll()) != null) {
				try {
					notification.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Long-poll listener '" + id() + "': a lifecycle callback failed", ex);
				}
			}
			missed = this.draining.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private record Launch(Cycle cycle, Duration delay) {
	}

	/**
	 * One poll cycle: subscribes to {@link #poll} and hands its end to the driver.
	 */
	private final class Cycle extends BaseSubscriber<Next> {

		private boolean ended;

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
			advance(this, cycleBroken(failure));
		}

		@Override
		protected void hookOnComplete() {
			if (!this.ended) {
				advance(this, cycleBroken(new IllegalStateException("a poll cycle ended without a result")));
			}
		}

		@Override
		protected void hookOnCancel() {
			AbstractLongPollContainer.this.notifications.add(() -> cycleCancelled(this));
		}

	}

}
