package dev.longpoll.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * The feed's store: notifications in memory, and a signal that wakes held polls when one
 * is published.
 */
@Component
public class NotificationFeed {

	private static final int MAX_BATCH = 100;

	private final List<Notification> notifications = new ArrayList<>();

	private Sinks.Empty<Void> published = Sinks.empty();

	/**
	 * Publish a notification.
	 * @param text what it says
	 * @return the notification with its id
	 */
	public Notification publish(String text) {
		Sinks.Empty<Void> waiting;
		Notification notification;
		synchronized (this) {
			notification = new Notification(this.notifications.size() + 1L, text, Instant.now());
			this.notifications.add(notification);
			waiting = this.published;
			this.published = Sinks.empty();
		}
		waiting.tryEmitEmpty();
		return notification;
	}

	/**
	 * Notifications after an id, at most 100.
	 * @param lastEventId the last id the client has
	 * @return the newer notifications, oldest first
	 */
	public synchronized List<Notification> after(long lastEventId) {
		int from = (int) Math.max(0, Math.min(lastEventId, this.notifications.size()));
		int to = Math.min(this.notifications.size(), from + MAX_BATCH);
		return List.copyOf(this.notifications.subList(from, to));
	}

	/**
	 * Completes when the next notification is published.
	 * @return the signal
	 */
	public synchronized Mono<Void> nextPublication() {
		return this.published.asMono();
	}

}
