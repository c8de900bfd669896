package dev.longpoll.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.longpoll.annotation.LongPollListener;

/**
 * Consumes the feed: one call per notification, in order; the cursor
 * ({@code last_event_id}) advances only after each call returned.
 */
@Component
public class NotificationListener {

	private static final Log logger = LogFactory.getLog(NotificationListener.class);

	private final List<Notification> received = new CopyOnWriteArrayList<>();

	@LongPollListener(id = "notifications", url = "${sample.feed-url}")
	void on(Notification notification) {
		this.received.add(notification);
		logger.info("Received notification #" + notification.id() + ": " + notification.text());
	}

	/**
	 * What this listener has received so far.
	 * @return the notifications, oldest first
	 */
	public List<Notification> received() {
		return List.copyOf(this.received);
	}

}
