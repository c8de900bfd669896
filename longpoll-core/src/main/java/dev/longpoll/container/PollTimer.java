package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.scheduler.Schedulers;

import org.jspecify.annotations.Nullable;

/**
 * Times the poll cycles of one listener: whether one is in flight, when it started, when
 * the last one ended, and how long until the next may start when it brought nothing.
 */
final class PollTimer {

	private final AtomicReference<@Nullable Object> inFlight = new AtomicReference<>();

	private final Duration minEmptyPollInterval;

	private volatile long startNanos;

	private volatile long startMillis;

	private volatile long lastEndedMillis; // epoch millis, 0 before the first: no Instant per poll

	PollTimer(Duration minEmptyPollInterval) {
		this.minEmptyPollInterval = minEmptyPollInterval;
	}

	/**
	 * A cycle starts.
	 * @param cycle the cycle
	 */
	void begin(Object cycle) {
		this.startNanos = System.nanoTime();
		this.startMillis = schedulerMillis();
		this.inFlight.set(cycle);
	}

	/**
	 * A given cycle ends, if it is the one in flight.
	 * @param cycle the cycle
	 * @return how long it took, or {@code null} when it was not in flight
	 */
	@Nullable Duration end(Object cycle) {
		return this.inFlight.compareAndSet(cycle, null) ? ended() : null;
	}

	private Duration ended() {
		this.lastEndedMillis = System.currentTimeMillis();
		return Duration.ofNanos(System.nanoTime() - this.startNanos);
	}

	/**
	 * The wait before the next cycle after one that brought nothing, so that a server
	 * that answers at once never causes a hot loop.
	 * @return what is left of the least interval since the cycle started
	 */
	Duration pacing() {
		// on the clock of the scheduler that times the wait, so virtual time drives it in tests
		Duration remaining = this.minEmptyPollInterval.minusMillis(schedulerMillis() - this.startMillis);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

	boolean inFlight() {
		return this.inFlight.get() != null;
	}

	private static long schedulerMillis() {
		return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
	}

	@Nullable Instant lastEnded() {
		long millis = this.lastEndedMillis;
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

}
