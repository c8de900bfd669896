package dev.longpoll.conformance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against blocking queries of the Consul family: {@code ?index=N&wait=1s}; the answer
 * carries the whole state and {@code X-Consul-Index}; a hold that brings nothing ends
 * with the same state and the same index.
 */
@ExtendWith(OutputCaptureExtension.class)
class IndexHeaderServerConformanceTests {

	@Test
	void anUnchangedIndexIsIdleSoOnlyChangesReachTheHandler(CapturedOutput output) {
		AtomicLong index = new AtomicLong(7);
		AtomicInteger requests = new AtomicInteger();
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			requests.incrementAndGet();
			String asked = request.uri().replaceAll(".*[?&]index=(\\d+).*", "$1");
			boolean blocking = request.uri().contains("index=") && Long.parseLong(asked) == index.get();
			Mono<Long> current = blocking ? Mono.delay(Duration.ofMillis(300)).map((tick) -> index.get())
					: Mono.just(index.get());
			return current.flatMap((value) -> response.header("Content-Type", "application/json")
				.header("X-Consul-Index", Long.toString(value))
				.sendString(Mono.just("[{\"Key\":\"config\",\"ModifyIndex\":" + value + "}]"))
				.then());
		}).bindNow();
		try {
			ConformanceSupport.application()
				.withPropertyValues("feed.url=http://127.0.0.1:" + server.port() + "/v1/kv/config",
						"longpoll.listeners.feed.cursor.from-header=X-Consul-Index",
						"longpoll.listeners.feed.cursor.query-parameter=index",
						"longpoll.listeners.feed.cursor.idle-when-unchanged=true",
						"longpoll.listeners.feed.hold-hint.parameter=wait",
						"longpoll.listeners.feed.hold-hint.duration=1s",
						"longpoll.listeners.feed.hold-hint.format=unit-seconds",
						"longpoll.listeners.feed.min-empty-poll-interval=0s")
				.run((context) -> {
					Received received = context.getBean(Received.class);
					await().atMost(Duration.ofSeconds(2)).until(() -> received.bodies.size() == 1);
					await().until(() -> requests.get() >= 4); // three holds that brought nothing
					assertThat(received.bodies).hasSize(1);
					index.set(9);
					await().atMost(Duration.ofSeconds(2)).until(() -> received.bodies.size() == 2);
					assertThat(received.bodies.get(1)).contains("\"ModifyIndex\":9");
				});
			assertThat(ConformanceSupport.lines(output, "WARN")).isEmpty();
		}
		finally {
			server.disposeNow();
		}
	}

}
