package dev.longpoll.endpoint;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A hold time sent to the server as a query parameter, such as {@code timeout=30} or
 * {@code wait=30s}.
 *
 * @param parameter the query parameter name
 * @param duration the hold to ask for
 * @param jitter a random extra hold of up to this much, so that many listeners do not
 * re-poll in lock step; may be {@code null}
 * @param format how the value is written
 */
public record HoldHint(String parameter, Duration duration, @Nullable Duration jitter, Format format) {

	/**
	 * The longest hold this hint can ask for.
	 * @return the duration plus the jitter
	 */
	public Duration maxHold() {
		return (this.jitter != null) ? this.duration.plus(this.jitter) : this.duration;
	}

	/**
	 * The query parameter value for the next poll.
	 * @return the formatted hold, jitter applied
	 */
	public String nextValue() {
		Duration hold = this.duration;
		if (this.jitter != null && !this.jitter.isZero()) {
			hold = hold.plusMillis(ThreadLocalRandom.current().nextLong(this.jitter.toMillis() + 1));
		}
		return this.format.format(hold);
	}

	/**
	 * How the hold value is written in the query.
	 */
	public enum Format {

		/** Whole seconds, for example {@code 30}. */
		SECONDS,

		/** Milliseconds, for example {@code 30000}. */
		MILLIS,

		/** Seconds with an {@code s} unit, as Consul and Go expect, for example {@code 30s}. */
		UNIT_SECONDS;

		String format(Duration hold) {
			return switch (this) {
				case SECONDS -> Long.toString(hold.toSeconds());
				case MILLIS -> Long.toString(hold.toMillis());
				case UNIT_SECONDS -> hold.toSeconds() + "s";
			};
		}

	}

}
