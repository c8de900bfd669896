package dev.longpoll.sample;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.test.Fault;
import dev.longpoll.test.LongPollFeedExtension;
import dev.longpoll.test.LongPollTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How to test a listener with the test kit: the kit's feed server stands in for the real
 * feed, the test publishes to it and waits for the listener to commit. It also replays
 * events through the actuator endpoint ({@code POST /actuator/longpoll/<id>/cursor/<cursor>}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.feed.first-delay=1h", "sample.feed.producer-interval=1h",
				"management.endpoints.web.exposure.include=health,longpoll",
				"longpoll.listeners.notifications.backoff.initial-interval=100ms" })
class NotificationListenerTests {

	@RegisterExtension
	static LongPollFeedExtension feed = new LongPollFeedExtension((server) -> server.hold(Duration.ofSeconds(5)));

	@DynamicPropertySource
	static void feedProperties(DynamicPropertyRegistry registry) {
		LongPollTestUtils.registerListener(registry, feed.server(), "notifications");
		registry.add("sample.feed-url", feed.server()::url); // the annotation's url wins over the property
	}

	@Autowired
	private NotificationListener listener;

	@Autowired
	private LongPollListenerRegistry registry;

	@LocalServerPort
	private int port;

	@Test
	void notificationsArriveInOrderThroughAFaultAndCanBeReplayed() {
		LongPollTestUtils.awaitRunning(this.registry, "notifications", Duration.ofSeconds(10));
		feed.server().publishValue(new Notification(1, "first", Instant.now()));
		feed.server().failNext(Fault.status(503).retryAfter(Duration.ofSeconds(1)));
		feed.server().publishValue(new Notification(2, "second", Instant.now()));
		LongPollTestUtils.awaitCursor(this.registry, "notifications", "2", Duration.ofSeconds(10));
		assertThat(this.listener.received()).extracting(Notification::text).containsExactly("first", "second");

		WebClient.create("http://localhost:" + this.port)
			.post()
			.uri("/actuator/longpoll/notifications/cursor/0")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5));

		LongPollTestUtils.await(() -> this.listener.received().size() == 4, Duration.ofSeconds(10),
				() -> "the two notifications again");
		assertThat(this.listener.received()).extracting(Notification::text)
			.containsExactly("first", "second", "first", "second");
		assertThat(feed.server().polls()).anySatisfy((poll) -> assertThat(poll.cursor()).isEqualTo(0L));
	}

}
