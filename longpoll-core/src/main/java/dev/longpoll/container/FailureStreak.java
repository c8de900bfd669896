package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The failures in a row of one listener and the backoff they lead to: a
 * {@link BackOffExecution} begun at the first failure and dropped at the first success.
 */
class FailureStreak {

	private final BackOff backOff;

	private final Duration maxRetryAfter;

	private @Nullable BackOffExecution execution;

	private long sinceNanos;

	private volatile int failures;

	private volatile @Nullable Throwable lastError;

	private volatile long lastSuccessMillis; // epoch millis, 0 before the first: no Instant per poll

	private volatile @Nullable Instant nextRetryAt;

	FailureStreak(BackOff backOff, Duration maxRetryAfter) {
		this.backOff = backOff;
		this.maxRetryAfter = maxRetryAfter;
	}

	/**
	 * Record a failure and compute the wait before the next attempt.
	 * @param ex the failure
	 * @param retryAfter what the server asked for, or {@code null}
	 * @return the wait, the longer of the backoff and {@code retryAfter} (capped), or
	 * {@code null} when the backoff gave up
	 */
	@Nullable Duration fail(Throwable ex, @Nullable Duration retryAfter) {
		if (this.execution == null) {
			this.execution = this.backOff.start();
			this.sinceNanos = System.nanoTime();
		}
		this.failures++;
		this.lastError = ex;
		long backOff = this.execution.nextBackOff();
		if (backOff == BackOffExecution.STOP) {
			return null;
		}
		Duration delay = Duration.ofMillis(backOff);
		if (retryAfter != null) {
			Duration honoured = (retryAfter.compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter : retryAfter;
			delay = (honoured.compareTo(delay) > 0) ? honoured : delay;
		}
		this.nextRetryAt = Instant.now().plus(delay);
		return delay;
	}

	/**
	 * Record a success, ending the streak.
	 * @return how long the streak lasted, or {@code null} if there was none
	 */
	@Nullable Duration succeed() {
		this.lastSuccessMillis = System.currentTimeMillis();
		if (this.failures == 0) {
			return null;
		}
		Duration outage = Duration.ofNanos(System.nanoTime() - this.sinceNanos);
		reset();
		return outage;
	}

	void reset() {
		this.execution = null;
		this.failures = 0;
		this.lastError = null;
		this.nextRetryAt = null;
	}

	void clearNextRetry() {
		this.nextRetryAt = null;
	}

	void setLastError(Throwable error) {
		this.lastError = error;
	}

	int failures() {
		return this.failures;
	}

	@Nullable Throwable lastError() {
		return this.lastError;
	}

	@Nullable Instant lastSuccess() {
		long millis = this.lastSuccessMillis;
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

	@Nullable Instant nextRetryAt() {
		return this.nextRetryAt;
	}

}
