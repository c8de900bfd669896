package dev.longpoll.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.test.WatchServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against a key-value watch of the etcd family: headers at once, a body only on change,
 * no end to a hold, next index = last modified index + 1, and "index cleared" as a 400
 * with an error code in the body.
 */
@ExtendWith(OutputCaptureExtension.class)
class WatchServerConformanceTests {

	private ApplicationContextRunner application(WatchServer server, String... more) {
		return ConformanceSupport.application()
			.withPropertyValues("feed.url=" + server.url(), "longpoll.listeners.feed.cursor.from-body=/node/modifiedIndex",
					"longpoll.listeners.feed.cursor.increment=1",
					"longpoll.listeners.feed.cursor.query-parameter=waitIndex")
			.withPropertyValues(more);
	}

	@Test
	void aHoldThatNeverEndsIsIdleAtTheClientTimeoutAndChangesArriveAtOnce(CapturedOutput output) {
		try (WatchServer server = new WatchServer(100)) {
			// a short client timeout, so that the idle spell below crosses it three times
			application(server, "longpoll.listeners.feed.timeout=1s").run((context) -> {
				Received received = context.getBean(Received.class);
				await().pollDelay(Duration.ofMillis(3500)).until(() -> true);
				assertThat(server.requests()).isBetween(3, 5);
				assertThat(ConformanceSupport.health(context)).isEqualTo(Status.UP);
				assertThat(context.getBean(LongPollListenerRegistry.class).getContainer("feed").consecutiveFailures())
					.isZero();
				long published = System.nanoTime();
				long first = server.set("v1");
				await().atMost(Duration.ofSeconds(2)).until(() -> received.bodies.size() == 1);
				assertThat(received.latency(received.bodies.get(0), published)).isLessThan(Duration.ofSeconds(1));
				List<Long> indexes = new ArrayList<>(List.of(first));
				for (int i = 2; i <= 10; i++) {
					indexes.add(server.set("v" + i));
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 10);
				for (int i = 0; i < 10; i++) {
					assertThat(received.bodies.get(i)).contains("\"modifiedIndex\":" + indexes.get(i));
				}
				assertThat(server.waitIndexes()).contains(Long.toString(indexes.get(9) + 1));
			});
			assertThat(ConformanceSupport.lines(output, "WARN")).isEmpty();
			assertThat(ConformanceSupport.errors(output)).isEmpty();
		}
	}

	@Test
	void anIndexClearedAsA400WithAnErrorCodeResetsInsteadOfStopping(CapturedOutput output) {
		try (WatchServer server = new WatchServer(3)) {
			application(server, "longpoll.listeners.feed.cursor.gone-body.statuses=400",
					"longpoll.listeners.feed.cursor.gone-body.pointer=/errorCode",
					"longpoll.listeners.feed.cursor.gone-body.values=401")
				.run((context) -> {
					Received received = context.getBean(Received.class);
					LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("feed");
					await().until(() -> server.requests() == 1);
					server.set("seen");
					await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 1);
					container.pause();
					for (int i = 0; i < 10; i++) {
						server.set("missed while paused " + i); // more than the server remembers
					}
					container.resume();
					await().atMost(Duration.ofSeconds(5)).until(() -> server.waitIndexes().contains("-")
							&& server.waitIndexes().lastIndexOf("-") > 0);
					server.set("after the reset");
					await().atMost(Duration.ofSeconds(5)).until(() -> received.bodies.size() == 2);
					assertThat(received.bodies.get(1)).contains("after the reset");
					assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
					assertThat(ConformanceSupport.health(context)).isEqualTo(Status.UP);
				});
			assertThat(ConformanceSupport.lines(output, "WARN")).singleElement()
				.asString()
				.contains("400: cursor expired");
			assertThat(ConformanceSupport.errors(output)).isEmpty();
		}
	}

}
