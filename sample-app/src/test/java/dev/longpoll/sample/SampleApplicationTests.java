package dev.longpoll.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boots the sample on a free port: it serves its feed, publishes through
 * {@code POST /feed}, its own listener receives the notification, and
 * {@code /actuator/health} reports the listener UP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.feed.first-delay=1h", "sample.feed.producer-interval=1h", "sample.feed.hold=5s",
				"longpoll.listeners.notifications.hold-hint.duration=5s" })
class SampleApplicationTests {

	private static final int PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@Autowired
	private NotificationListener listener;

	@Autowired
	private LongPollListenerRegistry registry;

	private final WebClient client = WebClient.create("http://localhost:" + PORT);

	@Test
	void publishedNotificationReachesTheListenerAndHealthIsUp() {
		this.client.post()
			.uri("/feed")
			.header("Content-Type", "application/json")
			.bodyValue("{\"text\":\"hello from the test\"}")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.listener.received())
				.anySatisfy((notification) -> assertThat(notification.text()).isEqualTo("hello from the test")));
		assertThat(this.registry.getContainer("notifications").state()).isEqualTo(ListenerState.RUNNING);
		assertThat(this.registry.getContainer("notifications").cursor()).isEqualTo("1");
		JsonNode health = JsonMapper.shared()
			.readTree(this.client.get().uri("/actuator/health").retrieve().bodyToMono(String.class).block());
		assertThat(health.at("/status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/longPoll/components/notifications/status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/longPoll/components/notifications/details/cursor").asString()).isEqualTo("1");
	}

}
