package dev.longpoll.cluster;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * How the rounds of store calls fare, and what is logged about it: one WARN when rounds
 * start failing and one a minute while they keep failing, one when they work again, one
 * when a round waits on the store for longer than a round; and how long the last took.
 */
final class RoundHealth {

	private static final Log logger = LogFactory.getLog(LeaseCoordinator.class);

	private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

	private final Duration renewInterval;

	private volatile long lastRoundNanos;

	/** When the round in progress started ({@code System.nanoTime()}), 0 when none runs. */
	private volatile long roundStarted;

	// Only on the coordinator's thread: rounds failed in a row, when that was last logged
	private int failedRounds;

	private long failureLoggedAt;

	// Only on the watchdog's thread: the round that was reported as blocked
	private long blockedRoundReported;

	RoundHealth(Duration renewInterval) {
		this.renewInterval = renewInterval;
	}

	void started(long start) {
		this.roundStarted = start;
	}

	void succeeded() {
		if (this.failedRounds > 0) {
			logger.info("Long-poll lease store reachable again after " + this.failedRounds + " failed rounds");
			this.failedRounds = 0;
		}
	}

	void failed(long start, RuntimeException ex) {
		if (this.failedRounds++ == 0 || start - this.failureLoggedAt >= FAILURE_LOG_INTERVAL.toNanos()) {
			this.failureLoggedAt = start;
			logger.warn("Long-poll lease round failed" + ((this.failedRounds > 1)
					? " (" + this.failedRounds + " rounds in a row)" : "") + " (store unreachable?); listeners whose "
					+ "leases cannot be renewed in time stop: " + ex);
		}
	}

	void finished(long start) {
		this.roundStarted = 0;
		this.lastRoundNanos = System.nanoTime() - start;
	}

	/** On the watchdog's thread: say once when the round in progress waits for longer than a round. */
	void checkBlocked(long now) {
		long started = this.roundStarted;
		if (started != 0 && started != this.blockedRoundReported && now - started > this.renewInterval.toNanos()) {
			this.blockedRoundReported = started;
			logger.warn("Long-poll lease round has waited " + Duration.ofNanos(now - started).toMillis() + " ms for the "
					+ "lease store (unreachable?); listeners whose leases cannot be renewed in time stop");
		}
	}

	Duration lastRound() {
		return Duration.ofNanos(this.lastRoundNanos);
	}

}
