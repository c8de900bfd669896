package dev.longpoll.container;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Observer that records what the loop reports, for assertions.
 */
public class RecordingObserver implements LongPollObserver {

	public final List<PollOutcome> outcomes = new CopyOnWriteArrayList<>();

	public final List<Integer> statuses = new CopyOnWriteArrayList<>();

	public final List<Duration> delays = new CopyOnWriteArrayList<>();

	public final List<Throwable> failures = new CopyOnWriteArrayList<>();

	public final List<StopReason> stops = new CopyOnWriteArrayList<>();

	public final List<Integer> recoveries = new CopyOnWriteArrayList<>();

	@Override
	public void onPollCompleted(LongPollContainer container, PollOutcome outcome, int status, Duration duration) {
		this.outcomes.add(outcome);
		this.statuses.add(status);
	}

	@Override
	public void onFailure(LongPollContainer container, Throwable cause, int consecutiveFailures,
			Duration nextDelay) {
		this.failures.add(cause);
		this.delays.add(nextDelay);
	}

	@Override
	public void onRecovered(LongPollContainer container, int failures, Duration outage) {
		this.recoveries.add(failures);
	}

	@Override
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		this.stops.add(reason);
	}

}
