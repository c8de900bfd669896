package dev.longpoll.endpoint;

import java.time.Duration;
import java.util.Set;

/**
 * What a listener makes of the statuses that are not a plain success.
 *
 * @param idle statuses with which a server ends a hold that brought nothing new: not a
 * failure
 * @param fatal statuses that stop the listener
 * @param throttle statuses after which the listener waits for the longer of
 * {@code Retry-After} and its backoff
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
public record ResponseStatuses(Set<Integer> idle, Set<Integer> fatal, Set<Integer> throttle,
		Duration maxRetryAfter) {

	/**
	 * The defaults of {@link LongPollDefaults}.
	 * @return the statuses
	 */
	public static ResponseStatuses defaults() {
		return new ResponseStatuses(LongPollDefaults.IDLE_STATUSES, LongPollDefaults.FATAL_STATUSES,
				LongPollDefaults.THROTTLE_STATUSES, LongPollDefaults.MAX_RETRY_AFTER);
	}

}
