package dev.longpoll.event;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.container.StopReason;

/**
 * Publishes listener started, stopped and recovered events as Spring application events.
 */
public class ApplicationEventLongPollObserver implements LongPollObserver {

	private final ApplicationEventPublisher publisher;

	public ApplicationEventLongPollObserver(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous) {
		if (container.state() == ListenerState.RUNNING) {
			this.publisher.publishEvent(new LongPollListenerStartedEvent(container));
		}
	}

	@Override
	public void onRecovered(LongPollContainer container, int failures, Duration outage) {
		this.publisher.publishEvent(new LongPollListenerRecoveredEvent(container, failures, outage));
	}

	@Override
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		this.publisher.publishEvent(new LongPollListenerStoppedEvent(container, reason, cause));
	}

}
