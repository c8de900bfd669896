package dev.longpoll.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes a notification now and then, so the feed always has something to show.
 */
@Component
class NotificationProducer {

	private final NotificationFeed feed;

	private final AtomicLong ticks = new AtomicLong();

	NotificationProducer(NotificationFeed feed) {
		this.feed = feed;
	}

	@Scheduled(initialDelayString = "${sample.feed.first-delay}", fixedDelayString = "${sample.feed.producer-interval}")
	void produce() {
		this.feed.publish("Scheduled notification #" + this.ticks.incrementAndGet());
	}

}
