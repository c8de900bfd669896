package dev.longpoll.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.test.PubSubServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a pub/sub server of the nginx family: ETag only, 408 when a hold brings
 * nothing, 410 for every tag after a restart. Default settings except URL and cursor.
 */
@ExtendWith(OutputCaptureExtension.class)
class PubSubServerConformanceTests {

	private ApplicationContextRunner application(PubSubServer server) {
		return ConformanceSupport.application()
			.withPropertyValues("feed.url=" + server.url(), "longpoll.listeners.feed.cursor.etag=true");
	}

	@Test
	void holdsEndingWith408AreIdleAndTheNextEventArrivesAtOnce(CapturedOutput output) {
		try (PubSubServer server = new PubSubServer(Duration.ofMillis(300))) {
			application(server).run((context) -> {
				Received received = context.getBean(Received.class);
				await().pollDelay(Duration.ofSeconds(3)).until(() -> true); // an idle spell of ten holds
				assertThat(ConformanceSupport.health(context)).isEqualTo(Status.UP);
				assertThat(server.requests()).as("paced, not a hot loop").isBetween(2, 5);
				long published = System.nanoTime();
				server.publish("first after the quiet spell");
				await().atMost(Duration.ofSeconds(2)).until(() -> received.bodies.size() == 1);
				assertThat(received.latency("first after the quiet spell", published)).isLessThan(Duration.ofSeconds(1));
				List<String> expected = new ArrayList<>(List.of("first after the quiet spell"));
				for (int i = 1; i <= 20; i++) {
					server.publish("message " + i);
					expected.add("message " + i);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> received.bodies.size() == expected.size());
				assertThat(received.bodies).containsExactlyElementsOf(expected);
				assertThat(server.mostHolding()).isEqualTo(1);
			});
			assertThat(ConformanceSupport.lines(output, "WARN")).isEmpty();
			assertThat(ConformanceSupport.errors(output)).isEmpty();
		}
	}

	@Test
	void aRestartAnswers410AndTheListenerRecoversByItself(CapturedOutput output) {
		try (PubSubServer server = new PubSubServer(Duration.ofSeconds(5))) {
			application(server).run((context) -> {
				Received received = context.getBean(Received.class);
				server.publish("a");
				server.publish("b");
				await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 2);
				await().until(() -> server.ifNoneMatch().contains("\"1:2\"")); // held with the tag of "b"
				server.restart();
				await().atMost(Duration.ofSeconds(5)).until(() -> server.ifNoneMatch().size() >= 4);
				server.publish("after the restart");
				await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 3);
				assertThat(received.bodies).containsExactly("a", "b", "after the restart");
				assertThat(server.ifNoneMatch()).containsSubsequence("\"1:2\"", "-");
				assertThat(context.getBean(LongPollListenerRegistry.class).getContainer("feed").state())
					.isEqualTo(ListenerState.RUNNING);
				assertThat(ConformanceSupport.health(context)).isEqualTo(Status.UP);
			});
			assertThat(ConformanceSupport.lines(output, "WARN")).singleElement()
				.asString()
				.contains("went back to its initial position")
				.contains("410: cursor expired")
				.doesNotContain("fatal");
			assertThat(ConformanceSupport.errors(output)).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "file", "jdbc" })
	void theETagSurvivesARestartOfTheApplicationSoNothingComesTwice(String store, @TempDir Path directory) {
		try (PubSubServer server = new PubSubServer(Duration.ofSeconds(5))) {
			ApplicationContextRunner application = application(server).withPropertyValues(
					"longpoll.cursor-store.type=" + store, "longpoll.cursor-store.directory=" + directory,
					"spring.datasource.url=jdbc:h2:mem:etag-" + directory.getFileName() + ";DB_CLOSE_DELAY=-1",
					"spring.datasource.generate-unique-name=false");
			for (int i = 1; i <= 5; i++) {
				server.publish("m" + i);
			}
			application.run((context) -> {
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 5);
			});
			server.publish("m6");
			application.run((context) -> {
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.contains("m6"));
				assertThat(received.bodies).containsExactly("m6");
			});
			assertThat(server.ifNoneMatch()).contains("\"1:5\"");
		}
	}

}
