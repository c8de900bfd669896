package dev.longpoll.conformance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollDecodingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers whose answers the declared cursor cannot follow, and a JSON {@code null} body:
 * never a hot loop, never the same events again and again.
 */
@ExtendWith(OutputCaptureExtension.class)
class CursorlessResponsesConformanceTests {

	private static DisposableServer answering(String body, AtomicInteger requests) {
		return HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			requests.incrementAndGet();
			return response.header("Content-Type", "application/json").sendString(Mono.just(body));
		}).bindNow();
	}

	@Test
	void eventsWhoseLastElementHasNoCursorAreADecodingFailureWithBackoff(CapturedOutput output) {
		AtomicInteger requests = new AtomicInteger();
		DisposableServer server = answering("[{\"text\":\"a\"},{\"text\":\"b\"}]", requests);
		try {
			ConformanceSupport.application()
				.withPropertyValues("feed.url=http://127.0.0.1:" + server.port() + "/events",
						"longpoll.listeners.feed.cursor.from-last-element=/id",
						"longpoll.listeners.feed.cursor.query-parameter=after",
						"longpoll.listeners.feed.backoff.initial-interval=100ms",
						"longpoll.listeners.feed.backoff.max-interval=200ms")
				.run((context) -> {
					Received received = context.getBean(Received.class);
					LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("feed");
					await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() >= 5);
					assertThat(ConformanceSupport.health(context)).isEqualTo(Status.DOWN);
					assertThat(container.lastError()).isInstanceOf(LongPollDecodingException.class)
						.hasMessageContaining("no cursor at '/id' of the last element");
					assertThat(received.bodies).as("never handed over without a cursor").isEmpty();
				});
			assertThat(requests.get()).as("backing off, not 1,500 polls a second").isLessThan(15);
			assertThat(ConformanceSupport.lines(output, "WARN")).hasSize(1);
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void aMissingCursorHeaderIsAFailureToo() {
		AtomicInteger requests = new AtomicInteger();
		DisposableServer server = answering("[1,2]", requests);
		try {
			ConformanceSupport.application()
				.withPropertyValues("feed.url=http://127.0.0.1:" + server.port() + "/events",
						"longpoll.listeners.feed.cursor.from-header=X-Index",
						"longpoll.listeners.feed.cursor.query-parameter=index")
				.run((context) -> {
					LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("feed");
					await().atMost(Duration.ofSeconds(5)).until(() -> container.consecutiveFailures() >= 1);
					assertThat(container.lastError()).hasMessageContaining("no cursor at header 'X-Index'");
					assertThat(context.getBean(Received.class).bodies).isEmpty();
				});
		}
		finally {
			server.disposeNow();
		}
	}

	@Test
	void aJsonNullBodyIsEmptyNotAFailure(CapturedOutput output) {
		AtomicInteger requests = new AtomicInteger();
		DisposableServer server = answering("null", requests);
		try {
			ConformanceSupport.application()
				.withPropertyValues("feed.url=http://127.0.0.1:" + server.port() + "/events")
				.run((context) -> {
					await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
					LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("feed");
					assertThat(container.consecutiveFailures()).isZero();
					assertThat(context.getBean(Received.class).bodies).isEmpty();
					assertThat(ConformanceSupport.health(context)).isEqualTo(Status.UP);
				});
			assertThat(requests.get()).as("paced by min-empty-poll-interval").isBetween(2, 4);
			assertThat(ConformanceSupport.lines(output, "WARN")).isEmpty();
		}
		finally {
			server.disposeNow();
		}
	}

}
