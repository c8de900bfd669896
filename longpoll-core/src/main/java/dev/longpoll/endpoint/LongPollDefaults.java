package dev.longpoll.endpoint;

import java.time.Duration;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.unit.DataSize;

import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.handler.ErrorPolicy;

/**
 * The default of every listener setting, written once: endpoints built in code start
 * from these, and the {@code longpoll.defaults.*} properties refer to them.
 */
public final class LongPollDefaults {

	/** HTTP method of each poll. */
	public static final HttpMethod METHOD = HttpMethod.GET;

	/** Client timeout: how long to wait for a whole response. */
	public static final Duration TIMEOUT = Duration.ofSeconds(35);

	/** TCP connect timeout. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Least time from one poll's start to the next when no events came back. */
	public static final Duration MIN_EMPTY_POLL_INTERVAL = Duration.ofSeconds(1);

	/** Statuses with which a server ends a hold that brought nothing new. */
	public static final Set<Integer> IDLE_STATUSES = Set.of(408);

	/** Statuses that stop a listener (a cursor-expired status is handled before these). */
	public static final Set<Integer> FATAL_STATUSES = Set.of(400, 401, 403, 404, 405);

	/** Statuses whose {@code Retry-After} is honoured. */
	public static final Set<Integer> THROTTLE_STATUSES = Set.of(429, 503);

	/** Statuses that mean the cursor expired. */
	public static final Set<Integer> GONE_STATUSES = Set.of(410);

	/** Whether the server ends a hold that brought nothing by itself, with a response. */
	public static final boolean SERVER_ENDS_HOLD = true;

	/** Longest {@code Retry-After} honoured. */
	public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

	/** Largest response body accepted. */
	public static final DataSize MAX_BODY_SIZE = DataSize.ofMegabytes(4);

	/** Whether 3xx redirects are followed. */
	public static final boolean FOLLOW_REDIRECTS = false;

	/** How many polls are sent ahead while the handler works. */
	public static final int PREFETCH = 0;

	/** Whether a listener starts with the application. */
	public static final boolean AUTO_STARTUP = true;

	/** Hold asked for by a hold hint. */
	public static final Duration HOLD_HINT_DURATION = Duration.ofSeconds(30);

	/** How a hold hint is written. */
	public static final HoldHint.Format HOLD_HINT_FORMAT = HoldHint.Format.SECONDS;

	/** Wait after the first failure. */
	public static final Duration BACKOFF_INITIAL_INTERVAL = Duration.ofSeconds(1);

	/** Factor applied to the wait after each further failure. */
	public static final double BACKOFF_MULTIPLIER = 2.0;

	/** Longest wait between two attempts. */
	public static final Duration BACKOFF_MAX_INTERVAL = Duration.ofMinutes(1);

	/** Random spread around each wait. */
	public static final Duration BACKOFF_JITTER = Duration.ofMillis(500);

	/** What a listener does when its handler keeps failing. */
	public static final ErrorPolicy.Action ERROR_POLICY_ACTION = ErrorPolicy.Action.RETRY;

	/** Retries before the error policy's action applies. */
	public static final int ERROR_POLICY_MAX_RETRIES = 3;

	/** What a listener does when its cursor expired. */
	public static final CursorRecovery.OnGone ON_GONE = CursorRecovery.OnGone.RESET;

	/** Whether a response whose cursor did not change is an idle hold. */
	public static final boolean IDLE_WHEN_UNCHANGED = false;

	/** What a listener does when a numeric cursor goes backwards. */
	public static final CursorRecovery.OnRegression ON_REGRESSION = CursorRecovery.OnRegression.RESET;

	private LongPollDefaults() {
	}

	/**
	 * The default backoff: exponential with jitter.
	 * @return a new backoff
	 */
	/**
	 * How long a stop waits for a handler call in progress before it cancels it: one
	 * second less than the shutdown phase it runs in, so that the listeners finish before
	 * Spring gives up on the phase (half of it for a phase of 2 s or less).
	 * @param phaseTimeout the time Spring allows each shutdown phase (10 s in plain
	 * Spring, {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s) in Spring Boot)
	 * @return the shutdown timeout
	 */
	public static Duration shutdownTimeout(Duration phaseTimeout) {
		return (phaseTimeout.compareTo(Duration.ofSeconds(2)) > 0) ? phaseTimeout.minusSeconds(1)
				: phaseTimeout.dividedBy(2);
	}

	public static ExponentialBackOff backOff() {
		return backOff(BACKOFF_INITIAL_INTERVAL, BACKOFF_MULTIPLIER, BACKOFF_MAX_INTERVAL, BACKOFF_JITTER, null);
	}

	/**
	 * An exponential backoff with jitter.
	 * @param initialInterval the wait after the first failure
	 * @param multiplier the factor applied after each further failure
	 * @param maxInterval the longest wait
	 * @param jitter the random spread around each wait
	 * @param maxAttempts failures after which the backoff gives up, or {@code null} for
	 * never
	 * @return a new backoff
	 */
	public static ExponentialBackOff backOff(Duration initialInterval, double multiplier, Duration maxInterval,
			Duration jitter, @org.jspecify.annotations.Nullable Long maxAttempts) {
		ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
		backOff.setMaxInterval(maxInterval.toMillis());
		backOff.setJitter(jitter.toMillis());
		if (maxAttempts != null) {
			backOff.setMaxAttempts(maxAttempts);
		}
		return backOff;
	}

}
