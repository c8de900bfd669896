package dev.longpoll.event;

import java.time.Duration;

import dev.longpoll.container.LongPollContainer;

/**
 * A long-poll listener polled successfully after one or more failures.
 */
public class LongPollListenerRecoveredEvent extends LongPollListenerEvent {

	private final int failures;

	private final Duration outage;

	public LongPollListenerRecoveredEvent(LongPollContainer container, int failures, Duration outage) {
		super(container);
		this.failures = failures;
		this.outage = outage;
	}

	public int getFailures() {
		return this.failures;
	}

	public Duration getOutage() {
		return this.outage;
	}

}
