package dev.longpoll.container;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.longpoll.endpoint.LongPollEndpoint;

/**
 * One managed long-poll loop.
 */
public interface LongPollContainer {

	/**
	 * The listener id.
	 * @return the id
	 */
	default String id() {
		return endpoint().id();
	}

	/**
	 * What this loop polls and how.
	 * @return the endpoint
	 */
	LongPollEndpoint endpoint();

	/**
	 * Where the listener is in its life.
	 * @return the state
	 */
	ListenerState state();

	/**
	 * The cursor of the next poll: the last committed one.
	 * @return the cursor, or {@code null} when there is none yet
	 */
	@Nullable String cursor();

	/**
	 * Failures in a row since the last successful poll.
	 * @return the count
	 */
	int consecutiveFailures();

	/**
	 * The last failure of the current streak.
	 * @return the failure, or {@code null} after a success
	 */
	@Nullable Throwable lastError();

	/**
	 * When a poll last succeeded.
	 * @return the instant, or {@code null} if none has
	 */
	@Nullable Instant lastSuccess();

	/**
	 * When a poll cycle last ended, whatever its outcome.
	 * @return the instant, or {@code null} if none has
	 */
	@Nullable Instant lastPollCompleted();

	/**
	 * Whether a poll cycle (request or handler) is under way.
	 * @return whether one is in flight
	 */
	boolean pollInFlight();

	/**
	 * When the next poll is due after a failure.
	 * @return the instant, or {@code null} when the listener is not backing off
	 */
	@Nullable Instant nextRetryAt();

	/**
	 * Why the listener last stopped.
	 * @return the reason, or {@code null} if it never stopped
	 */
	@Nullable StopReason stopReason();

	/**
	 * Start polling, from the stored cursor; does nothing unless the listener was created,
	 * stopped or failed. Safe to call from several threads at once: one loop runs.
	 */
	void start();

	/**
	 * Stop: cancel an in-flight poll at once, let a handler call in progress finish
	 * within the shutdown timeout (its cursor is committed), then stop; past the timeout
	 * the call is cancelled and its events come again.
	 * @return completes when stopped
	 */
	Mono<Void> stop();

	/**
	 * Stop at once, cancelling whatever is in flight, a handler call included (its cursor
	 * is not committed, so its events come again).
	 */
	void cancel();

	/**
	 * Pause: cancel an in-flight poll (a handler call in progress finishes and commits),
	 * then wait; {@link #resume()} continues from the same cursor.
	 */
	void pause();

	/**
	 * Resume a paused listener.
	 */
	void resume();

	/**
	 * Move the listener to a cursor (Kafka's {@code seek}): to replay events from an
	 * earlier one or skip ahead. It applies between cycles: a held poll is cancelled and
	 * sent again from the new cursor; a handler call in progress finishes and commits
	 * first; a listener that is not running takes it before its next poll. The new
	 * position (with no echoed header) is saved in the cursor store.
	 * @param cursor the cursor to poll from next
	 */
	default void seek(String cursor) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot seek");
	}

	/**
	 * Move the listener back to its initial position ({@code cursor.initial}, no echoed
	 * header), the way {@link #seek(String)} does.
	 */
	default void resetCursor() {
		throw new UnsupportedOperationException(getClass().getName() + " cannot reset its cursor");
	}

}
