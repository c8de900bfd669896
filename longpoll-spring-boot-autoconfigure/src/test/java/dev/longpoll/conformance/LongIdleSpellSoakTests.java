package dev.longpoll.conformance;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longpoll.test.PubSubServer;
import dev.longpoll.test.WatchServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The figures of a 45 s quiet spell with real hold times and default settings (only the
 * URL and the cursor set). Too slow for every build: run with
 * {@code mvn -pl longpoll-spring-boot-autoconfigure -am verify -Dtest=LongIdleSpellSoakTests -Dlongpoll.soak=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledIfSystemProperty(named = "longpoll.soak", matches = "true", disabledReason = "a 90 s soak; -Dlongpoll.soak=true runs it")
class LongIdleSpellSoakTests {

	private static final Duration QUIET = Duration.ofSeconds(45);

	@Test
	void pubSubServerEndingEachTenSecondHoldWith408(CapturedOutput output) {
		try (PubSubServer server = new PubSubServer(Duration.ofSeconds(10))) {
			ConformanceSupport.application()
				.withPropertyValues("feed.url=" + server.url(), "longpoll.listeners.feed.cursor.etag=true")
				.run((context) -> {
					Received received = context.getBean(Received.class);
					await().pollDelay(QUIET).atMost(QUIET.plusSeconds(1)).until(() -> true);
					Status health = ConformanceSupport.health(context);
					long published = System.nanoTime();
					server.publish("after the quiet spell");
					await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 1);
					Duration latency = received.latency("after the quiet spell", published);
					System.out.printf("soak 408: %d polls in 45 s, health %s, %d WARN lines, first event after %d ms%n",
							server.requests(), health, ConformanceSupport.lines(output, "WARN").size(), latency.toMillis());
					assertThat(health).isEqualTo(Status.UP);
					assertThat(latency).isLessThan(Duration.ofSeconds(1));
				});
			assertThat(ConformanceSupport.lines(output, "WARN")).hasSizeLessThanOrEqualTo(2);
		}
	}

	@Test
	void watchServerThatNeverEndsAHold(CapturedOutput output) {
		try (WatchServer server = new WatchServer(100)) {
			ConformanceSupport.application()
				.withPropertyValues("feed.url=" + server.url(),
						"longpoll.listeners.feed.cursor.from-body=/node/modifiedIndex",
						"longpoll.listeners.feed.cursor.increment=1",
						"longpoll.listeners.feed.cursor.query-parameter=waitIndex")
				.run((context) -> {
					Received received = context.getBean(Received.class);
					await().pollDelay(QUIET).atMost(QUIET.plusSeconds(1)).until(() -> true);
					Status health = ConformanceSupport.health(context);
					long published = System.nanoTime();
					server.set("after the quiet spell");
					await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 1);
					Duration latency = received.latency(received.bodies.get(0), published);
					System.out.printf("soak watch: %d polls in 45 s, health %s, %d WARN lines, first event after %d ms%n",
							server.requests(), health, ConformanceSupport.lines(output, "WARN").size(), latency.toMillis());
					assertThat(health).isEqualTo(Status.UP);
					assertThat(latency).isLessThan(Duration.ofSeconds(1));
				});
			assertThat(ConformanceSupport.lines(output, "WARN")).hasSizeLessThanOrEqualTo(2);
		}
	}

}
