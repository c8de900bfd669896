package dev.longpoll.event;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;
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

	private final Queue<ApplicationEvent> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger publishing = new AtomicInteger();

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
	public void onStopped(LongPollContainer container, StopReason reason, @Nullable Throwable cause) {
		publish(new LongPollListenerStoppedEvent(container, reason, cause));
	}

	private void publish(ApplicationEvent event) {
		this.pending.add(event);
		if (this.publishing.getAndIncrement() == 0) {
			if (!Schedulers.isInNonBlockingThread()) {
				drain();
				return;
			}
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				drain(); // the executor is shutting down: publish here rather than never
			}
		}
	}

	private void drain() {
		int missed = 1;
		do {
			ApplicationEvent event;
			while ((event = this.pending.poll()) != null) {
				try {
					this.publisher.publishEvent(event);
				}
				catch (RuntimeException ex) {
					logger.warn("An application event listener failed on " + event.getClass().getSimpleName(), ex);
				}
			}
			missed = this.publishing.addAndGet(-missed);
		}
		while (missed != 0);
	}

}
