package dev.longpoll.container;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How a poll cycle ends: every cycle ends in exactly one of these, never empty, so that
 * "stop" needs no sentinel exception and the loop cannot end without a word.
 */
sealed interface Next permits Next.Repoll, Next.Halt {

	/** Poll again at once. */
	Repoll NOW = new Repoll(Duration.ZERO);

	static Repoll repoll(Duration delay) {
		return delay.isZero() ? NOW : new Repoll(delay);
	}

	static Halt halt(StopReason reason, @Nullable Throwable cause) {
		return new Halt(reason, cause);
	}

	/**
	 * Poll again after a delay (unless a pause or stop came meanwhile).
	 *
	 * @param delay the wait before the next cycle
	 */
	record Repoll(Duration delay) implements Next {
	}

	/**
	 * Stop the listener by itself.
	 *
	 * @param reason why
	 * @param cause the failure that stopped it, or {@code null}
	 */
	record Halt(StopReason reason, @Nullable Throwable cause) implements Next {
	}

}
