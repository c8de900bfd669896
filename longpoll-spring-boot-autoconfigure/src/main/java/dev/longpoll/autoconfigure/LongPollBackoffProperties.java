package dev.longpoll.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.longpoll.endpoint.LongPollDefaults;

/**
 * Exponential backoff with jitter after failures (Spring's ExponentialBackOff).
 */
public class LongPollBackoffProperties {

	/**
	 * Wait after the first failure.
	 */
	private Duration initialInterval = LongPollDefaults.BACKOFF_INITIAL_INTERVAL;

	/**
	 * Factor applied to the wait after each further failure.
	 */
	private double multiplier = LongPollDefaults.BACKOFF_MULTIPLIER;

	/**
	 * Longest wait between two attempts.
	 */
	private Duration maxInterval = LongPollDefaults.BACKOFF_MAX_INTERVAL;

	/**
	 * Random spread around each wait (scaled by the multiplier like the wait).
	 */
	private Duration jitter = LongPollDefaults.BACKOFF_JITTER;

	/**
	 * Failures in a row after which the listener stops; unlimited when empty.
	 */
	private @Nullable Long maxAttempts;

	void copyTo(LongPollBackoffProperties target) {
		target.initialInterval = this.initialInterval;
		target.multiplier = this.multiplier;
		target.maxInterval = this.maxInterval;
		target.jitter = this.jitter;
		target.maxAttempts = this.maxAttempts;
	}

	public Duration getInitialInterval() {
		return this.initialInterval;
	}

	public void setInitialInterval(Duration initialInterval) {
		this.initialInterval = initialInterval;
	}

	public double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(double multiplier) {
		this.multiplier = multiplier;
	}

	public Duration getMaxInterval() {
		return this.maxInterval;
	}

	public void setMaxInterval(Duration maxInterval) {
		this.maxInterval = maxInterval;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		this.jitter = jitter;
	}

	public @Nullable Long getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Long maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

}
