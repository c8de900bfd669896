package dev.longpoll.event;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
import dev.longpoll.internal.SerialQueue;
import dev.longpoll.container.StopReason;

/**
 * Publishes listener started, stopped and recovered events as Spring application events,
 * one at a time and in the order they happened. A user's {@code @EventListener} may
 * block: an event that happens on a thread that must not block (a Netty event loop) is
 * published on the given executor; others, such as the stops during shutdown, are
 * published at once on their own thread.
 */
public class ApplicationEventLongPollObserver implements LongPollObserver {

	private static final Log logger = LogFactory.getLog(ApplicationEventLongPollObserver.class);

	private final ApplicationEventPublisher publisher;

	private final Executor executor;

	private final SerialQueue pending = new SerialQueue(
			(ex) -> logger.warn("An application event listener failed on a long-poll event", ex));

	/**
	 * Create an observer.
	 * @param publisher publishes the events
	 * @param executor the thread events are published on
	 */
	public ApplicationEventLongPollObserver(ApplicationEventPublisher publisher, Executor executor) {
		this.publisher = publisher;
		this.executor = executor;
	}

	@Override
	public void onStateChanged(LongPollContainer container, ListenerState previous, ListenerState current) {
		if (current == ListenerState.RUNNING && previous != ListenerState.PAUSED) {
			publish(new LongPollListenerStartedEvent(container));
		}
	}

	@Override
	public void onRecovered(LongPollContainer container, int failures, Duration outage) {
		publish(new LongPollListenerRecoveredEvent(container, failures, outage));
	}

	@Override
	public void onCursorSet(LongPollContainer container, @Nullable String previous, @Nullable String current) {
		publish(new LongPollListenerCursorSetEvent(container, previous, current));
	}

	@Override
	public void onOwnershipChanged(LongPollContainer container, boolean owned, String instanceId, String reason) {
		publish(new LongPollListenerOwnershipChangedEvent(container, owned, instanceId, reason));
	}

	@Override
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		publish(new LongPollListenerStoppedEvent(container, reason, cause));
	}

	private void publish(ApplicationEvent event) {
		this.pending.add(() -> this.publisher.publishEvent(event));
		if (!Schedulers.isInNonBlockingThread()) {
			this.pending.drain();
			return;
		}
		try {
			this.executor.execute(this.pending::drain);
		}
		catch (RejectedExecutionException ex) {
			this.pending.drain(); // the executor is shutting down: publish here rather than never
		}
	}

}
