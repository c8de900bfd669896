package dev.longpoll.endpoint;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

import dev.longpoll.client.ClientOptions;
import dev.longpoll.handler.DeadLetterHandler;
import dev.longpoll.handler.ErrorPolicy;

/**
 * How one listener's loop behaves: timeouts, pacing, statuses, backoff and what it does
 * when its handler keeps failing. What it polls is the {@link LongPollEndpoint}.
 *
 * @param timeout how long to wait for a whole response
 * @param hold the hold the server is known to use, or {@code null}
 * @param holdHint the hold sent as a query parameter, or {@code null}
 * @param serverEndsHold whether the server ends a hold that brought nothing by itself;
 * when not, a client timeout before any response is an idle hold rather than a failure
 * @param client connection options
 * @param maxBodySize the largest accepted body, in bytes
 * @param minEmptyPollInterval the least time from one poll's start to the next when no
 * events came back
 * @param statuses what the statuses that are not a plain success mean
 * @param backOff the backoff after failures
 * @param errorPolicy what to do when the handler keeps failing
 * @param deadLetterHandler takes failed responses under the dead-letter policy, or
 * {@code null}
 * @param prefetch how many polls may be sent ahead while the handler works on earlier
 * events: {@code 0} (the default) or {@code 1}
 */
public record LongPollOptions(Duration timeout, @Nullable Duration hold, @Nullable HoldHint holdHint,
		boolean serverEndsHold, ClientOptions client, int maxBodySize, Duration minEmptyPollInterval, ResponseStatuses statuses,
		BackOff backOff, ErrorPolicy errorPolicy, @Nullable DeadLetterHandler deadLetterHandler, int prefetch) {

	/**
	 * The longest hold the server may use, from {@code hold} and the hold hint.
	 * @return the hold, or {@code null} when neither is known
	 */
	public @Nullable Duration longestHold() {
		Duration hint = (this.holdHint != null) ? this.holdHint.maxHold() : null;
		if (this.hold == null || hint == null) {
			return (this.hold != null) ? this.hold : hint;
		}
		return (this.hold.compareTo(hint) > 0) ? this.hold : hint;
	}

}
