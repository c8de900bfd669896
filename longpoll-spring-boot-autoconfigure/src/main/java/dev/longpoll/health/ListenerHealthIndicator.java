package dev.longpoll.health;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.longpoll.container.ListenerCoordinator;
import dev.longpoll.container.ListenerSnapshot;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;

/**
 * Health of one listener. UP while polling normally; DOWN after a fatal stop or when the
 * backoff gave up, from a number of consecutive failures, or when no poll has ended for too
 * long; UNKNOWN (which never makes the application DOWN) when it was paused, stopped or
 * never started on purpose, or when another instance polls it (detail {@code standby}).
 */
class ListenerHealthIndicator implements HealthIndicator {

	private final LongPollContainer container;

	private final @Nullable ListenerCoordinator coordinator;

	private final int failureThreshold;

	private final Duration stallAfter;

	ListenerHealthIndicator(LongPollContainer container, @Nullable ListenerCoordinator coordinator,
			int failureThreshold, Duration stallAfter) {
		this.container = container;
		this.coordinator = coordinator;
		this.failureThreshold = failureThreshold;
		this.stallAfter = stallAfter;
	}

	@Override
	public Health health() {
		ListenerSnapshot snapshot = ListenerSnapshot.of(this.container, this.coordinator);
		boolean stalled = isStalled();
		Health.Builder builder = Health.status(status(snapshot, stalled)).withDetails(snapshot.toMap());
		if (stalled) {
			builder.withDetail("stalled", "no poll has ended for more than " + this.stallAfter.toSeconds() + "s");
		}
		return builder.build();
	}

	private Status status(ListenerSnapshot snapshot, boolean stalled) {
		if (snapshot.standby()) {
			return Status.UNKNOWN; // another instance polls it: never DOWN here
		}
		if (snapshot.state() == ListenerState.FAILED) {
			return Status.DOWN;
		}
		if (snapshot.state() != ListenerState.RUNNING) {
			return Status.UNKNOWN;
		}
		if (snapshot.consecutiveFailures() >= this.failureThreshold || stalled) {
			return Status.DOWN;
		}
		return Status.UP;
	}

	private boolean isStalled() {
		if (this.container.state() != ListenerState.RUNNING || this.container.nextRetryAt() != null) {
			return false;
		}
		Instant last = this.container.lastPollCompleted();
		return last != null && Duration.between(last, Instant.now()).compareTo(this.stallAfter) > 0;
	}

}
