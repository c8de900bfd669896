package dev.longpoll.sample;

import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.reactive.function.client.WebClient;

import dev.longpoll.cluster.LeaseCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two instances of the sample with the {@code cluster} profile of
 * {@code docs/several-instances.md}, on one PostgreSQL (embedded here): the second polls the
 * first one's feed; one of them polls it at a time, and when that one stops the other takes over.
 */
class SampleClusterTests {

	private static ConfigurableApplicationContext instance(EmbeddedPostgres postgres, int port, String id,
			int feedPort) {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
			.run("--server.port=" + port, "--longpoll.cluster.instance-id=" + id,
					"--sample.feed-url=http://localhost:" + feedPort + "/feed",
					"--POSTGRES_URL=" + postgres.getJdbcUrl("postgres", "postgres"), "--POSTGRES_PASSWORD=",
					"--sample.feed.first-delay=1h", "--sample.feed.producer-interval=1h", "--sample.feed.hold=2s",
					"--longpoll.listeners.notifications.hold-hint.duration=2s", "--longpoll.cluster.lease-ttl=2s",
					"--longpoll.cluster.renew-interval=500ms");
	}

	@Test
	void twoInstancesOnOnePostgresPollTheFeedOneAtATime() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			int onePort = TestSocketUtils.findAvailableTcpPort();
			ConfigurableApplicationContext one = instance(postgres, onePort, "one", onePort);
			try (ConfigurableApplicationContext two = instance(postgres, TestSocketUtils.findAvailableTcpPort(), "two",
					onePort)) {
				List<ConfigurableApplicationContext> both = List.of(one, two);
				await().atMost(Duration.ofSeconds(15)).until(() -> both.stream()
					.filter((context) -> !context.getBean(LeaseCoordinator.class).isStandby("notifications"))
					.count() == 1);
				publish(onePort, "first");
				await().atMost(Duration.ofSeconds(10)).until(() -> received(one) + received(two) == 1);

				ConfigurableApplicationContext owner = (received(one) == 1) ? one : two;
				ConfigurableApplicationContext other = (owner == one) ? two : one;
				if (owner == two) {
					two.close(); // the feed is served by one, which keeps running
				}
				else {
					// one serves the feed and keeps running: it stops sharing, so its listener stops and its lease
					// goes (a stop by hand through the registry would stop the listener on every instance)
					one.getBean(LeaseCoordinator.class).stop().block(Duration.ofSeconds(5));
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !other.getBean(LeaseCoordinator.class).isStandby("notifications"));
				publish(onePort, "second");
				await().atMost(Duration.ofSeconds(10)).until(() -> received(other) >= 1
						&& other.getBean(NotificationListener.class).received().stream()
							.anyMatch((notification) -> notification.text().equals("second")));
				assertThat(other.getBean(NotificationListener.class).received()).extracting(Notification::text)
					.doesNotContain("first");
			}
			finally {
				one.close();
			}
		}
	}

	private static int received(ConfigurableApplicationContext context) {
		return context.isActive() ? context.getBean(NotificationListener.class).received().size() : 0;
	}

	private static void publish(int port, String text) {
		WebClient.create("http://localhost:" + port)
			.post()
			.uri("/feed")
			.header("Content-Type", "application/json")
			.bodyValue("{\"text\":\"" + text + "\"}")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5));
	}

}
