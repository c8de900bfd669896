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

	public final List<String> handlerResults = new CopyOnWriteArrayList<>();

	public final List<Integer> skipped = new CopyOnWriteArrayList<>();

	public final List<String> states = new CopyOnWriteArrayList<>();

	public final List<String> resets = new CopyOnWriteArrayList<>();

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
		this.states.add(previous + ">" + current);
	}

	@Override
	public void onHandlerCompleted(LongPollContainer container, int events, Duration duration,
			@Nullable Throwable error) {
		this.handlerResults.add((error != null) ? "failure" : "success:" + events);
	}

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
	public void onSkipped(LongPollContainer container, int events, String excerpt, Throwable cause,
			boolean deadLettered) {
		this.skipped.add(events);
	}

	@Override
	public void onCursorReset(LongPollContainer container, @Nullable String abandoned, String reason) {
		this.resets.add(abandoned + ": " + reason);
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
