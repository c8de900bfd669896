package dev.longpoll.http2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.WebClientCustomizer;

import dev.longpoll.client.HttpProtocol;
import dev.longpoll.client.LongPollProtocolException;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.container.ListenerSnapshot;
import dev.longpoll.container.ListenerState;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.test.LongPollFeedServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners over HTTP/2 against the kit's feed server: they share a few connections,
 * GOAWAY is routine, a full pool makes polls wait rather than fail, a server without
 * HTTP/2 is a clear failure, and TLS with ALPN works through an SSL bundle.
 */
@ExtendWith(OutputCaptureExtension.class)
class Http2ListenerTests {

	private static ApplicationContextRunner runner(LongPollFeedServer server, String... properties) {
		List<String> all = new ArrayList<>(Http2Feeds.defaults(server));
		all.addAll(List.of(properties));
		return Http2TestSupport.runner(all);
	}

	@Test
	void threeHundredListenersShareFourConnectionsAndGetEveryEventOnce(CapturedOutput output) {
		try (LongPollFeedServer server = LongPollFeedServer.builder()
			.protocol(HttpProtocol.H2C)
			.hold(Duration.ofSeconds(20))
			.start()) {
			runner(server, "longpoll.http.protocol=h2c").run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				Http2Feeds feeds = new Http2Feeds(server, 300);
				feeds.register(registry);
				await().atMost(Duration.ofSeconds(20)).until(() -> Http2TestSupport.gaugeSum(context.getBean(MeterRegistry.class),
						"longpoll.http.streams.active") == 300);
				// 300 polls, 100 streams a connection (the server's limit): three, and one to spare
				assertThat(server.connectionsAccepted()).isBetween(3, 4);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("longpoll.http.connections").tag("protocol", "h2c").gauge().value())
					.isBetween(3.0, 4.0);
				for (int n = 1; n <= 3; n++) {
					feeds.publishToAll(n);
					int upTo = n;
					await().atMost(Duration.ofSeconds(20)).until(() -> feeds.allReceivedExactly(upTo));
				}
				ListenerSnapshot snapshot = ListenerSnapshot.of(registry.getContainer(Http2Feeds.id(7)));
				assertThat(snapshot.protocol()).isEqualTo("h2c");
				assertThat(snapshot.toMap()).containsEntry("protocol", "h2c");
				assertThat(registry.getContainers()).allSatisfy((container) -> assertThat(container.consecutiveFailures()).isZero());
			});
		}
		assertThat(Http2TestSupport.ourWarnings(output)).isEmpty();
	}

	@Test
	void aGoAwayEveryFiftyRequestsIsRoutine(CapturedOutput output) {
		try (LongPollFeedServer server = LongPollFeedServer.builder()
			.protocol(HttpProtocol.H2C)
			.goAwayAfter(50)
			.hold(Duration.ofSeconds(20))
			.start()) {
			runner(server, "longpoll.http.protocol=h2c").run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				Http2Feeds feeds = new Http2Feeds(server, 60);
				feeds.register(registry);
				await().atMost(Duration.ofSeconds(20)).until(() -> server.openPolls(Http2Feeds.id(59)) == 1);
				// 60 events for each of 60 listeners: 3,600 polls at least, a GOAWAY every 50
				for (int n = 1; n <= 60; n++) {
					feeds.publishToAll(n);
					int upTo = n;
					await().atMost(Duration.ofSeconds(20)).until(() -> feeds.allReceivedExactly(upTo));
				}
				assertThat(feeds.notExactly(60)).isEmpty();
				assertThat(server.connectionsAccepted()).isGreaterThan(60);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("longpoll.polls").tag("outcome", "error").counters())
					.allSatisfy((counter) -> assertThat(counter.count()).isZero());
				assertThat(registry.getContainers()).allSatisfy((container) -> assertThat(container.consecutiveFailures()).isZero());
			});
		}
		assertThat(Http2TestSupport.ourWarnings(output)).isEmpty();
	}

	@Test
	void aFullPoolMakesPollsWaitForAStreamWithoutFailing(CapturedOutput output) {
		try (LongPollFeedServer server = LongPollFeedServer.builder()
			.protocol(HttpProtocol.H2C)
			.maxConcurrentStreams(2)
			.hold(Duration.ofMillis(1500))
			.start()) {
			// one connection of two streams for five listeners: three always wait
			runner(server, "longpoll.http.protocol=h2c", "longpoll.http.h2.max-connections=1",
					"longpoll.defaults.timeout=3s").run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				Http2Feeds feeds = new Http2Feeds(server, 5);
				feeds.register(registry);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> Http2TestSupport.gaugeSum(meters, "longpoll.http.streams.pending") == 3);
				feeds.publishToAll(1);
				await().atMost(Duration.ofSeconds(20)).until(() -> feeds.allReceivedExactly(1));
				// more than a timeout (3 s) of waiting for some of them, yet nothing fails
				await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
					assertThat(server.connectionsAccepted()).isEqualTo(1);
					assertThat(registry.getContainers()).allSatisfy((container) -> {
						assertThat(container.consecutiveFailures()).isZero();
						assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
					});
				});
				assertThat(meters.find("longpoll.polls").tag("outcome", "timeout").counters())
					.allSatisfy((counter) -> assertThat(counter.count()).isZero());
			});
		}
		assertThat(output.getOut()).containsOnlyOnce("wait for a free HTTP/2 stream");
	}

	@Test
	void aFilterThatNeverSendsTimesOutLikeOverHttp1() {
		try (LongPollFeedServer server = LongPollFeedServer.builder()
			.protocol(HttpProtocol.H2C)
			.hold(Duration.ofMillis(500))
			.start()) {
			// the application's WebClient filters run before the wait for a stream: the timeout covers them
			runner(server, "longpoll.http.protocol=h2c", "longpoll.defaults.timeout=1s")
				.withBean(WebClientCustomizer.class,
						() -> (builder) -> builder.filter((request, next) -> reactor.core.publisher.Mono.never()))
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					new Http2Feeds(server, 1).register(registry);
					LongPollContainer container = registry.getContainer(Http2Feeds.id(0));
					await().atMost(Duration.ofSeconds(10)).until(() -> container.consecutiveFailures() >= 1);
					assertThat(container.lastError()).isInstanceOf(LongPollTimeoutException.class);
					assertThat(server.polls()).isEmpty();
				});
		}
	}

	@Test
	void anH2cListenerAgainstAnHttp1ServerFailsNamingItsSetting(CapturedOutput output) {
		try (LongPollFeedServer server = LongPollFeedServer.builder().hold(Duration.ofSeconds(5)).start()) {
			runner(server, "longpoll.listeners.feed-0.protocol=h2c").run((context) -> {
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				new Http2Feeds(server, 1).register(registry);
				LongPollContainer container = registry.getContainer(Http2Feeds.id(0));
				await().atMost(Duration.ofSeconds(10)).until(() -> container.consecutiveFailures() >= 2);
				assertThat(container.lastError()).hasMessageContaining("Listener 'feed-0': the server at 127.0.0.1:"
						+ java.net.URI.create(server.url()).getPort() + " does not speak cleartext HTTP/2")
					.hasMessageContaining("the listener's protocol h2c asks for (longpoll.listeners.feed-0.protocol")
					.hasMessageContaining("set the protocol to http1");
				assertThat(ListenerSnapshot.of(container).toMap()).containsEntry("protocol", "h2c")
					.hasEntrySatisfying("lastError", (error) -> assertThat(error.toString())
						.startsWith("LongPollProtocolException: Listener 'feed-0': the server at"));
				assertThat(server.polls()).isEmpty();
			});
		}
		assertThat(Http2TestSupport.ourWarnings(output)).singleElement()
			.asString()
			.contains("Long-poll listener 'feed-0' failed: the server at 127.0.0.1:")
			.contains("set the protocol to http1 for this server");
	}

	@Test
	void anH2ListenerWhoseServerOffersOnlyHttp1OverTlsFailsNamingItsSetting(@TempDir Path directory)
			throws Exception {
		try (LongPollFeedServer server = LongPollFeedServer.builder().tls().hold(Duration.ofSeconds(5)).start()) {
			Path certificate = Files.writeString(directory.resolve("feed.pem"), server.certificatePem());
			runner(server, "longpoll.http.protocol=h2", "longpoll.defaults.ssl-bundle=feed",
					"spring.ssl.bundle.pem.feed.truststore.certificate=file:" + certificate)
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					new Http2Feeds(server, 1).register(registry);
					LongPollContainer container = registry.getContainer(Http2Feeds.id(0));
					await().atMost(Duration.ofSeconds(10)).until(() -> container.consecutiveFailures() >= 1);
					assertThat(container.lastError()).isInstanceOf(LongPollProtocolException.class)
						.hasMessageContaining("does not speak HTTP/2 (its TLS handshake did not agree on h2)")
						.hasMessageContaining("longpoll.listeners.feed-0.protocol");
					assertThat(server.polls()).isEmpty();
				});
		}
	}

	@Test
	void h2OverTlsThroughAnSslBundle(@TempDir Path directory) throws Exception {
		try (LongPollFeedServer server = LongPollFeedServer.builder()
			.protocol(HttpProtocol.H2)
			.hold(Duration.ofSeconds(10))
			.start()) {
			Path certificate = Files.writeString(directory.resolve("feed.pem"), server.certificatePem());
			runner(server, "longpoll.http.protocol=h2", "longpoll.defaults.ssl-bundle=feed",
					"spring.ssl.bundle.pem.feed.truststore.certificate=file:" + certificate)
				.run((context) -> {
					LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
					Http2Feeds feeds = new Http2Feeds(server, 20);
					feeds.register(registry);
					feeds.publishToAll(1);
					await().atMost(Duration.ofSeconds(20)).until(() -> feeds.allReceivedExactly(1));
					assertThat(server.connectionsAccepted()).isEqualTo(1);
					assertThat(ListenerSnapshot.of(registry.getContainer(Http2Feeds.id(3))).protocol()).isEqualTo("h2");
					assertThat(context.getBean(MeterRegistry.class)
						.get("longpoll.http.connections")
						.tag("protocol", "h2")
						.gauge()
						.value()).isEqualTo(1.0);
				});
		}
	}

}
