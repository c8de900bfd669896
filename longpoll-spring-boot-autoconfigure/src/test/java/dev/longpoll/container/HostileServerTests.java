package dev.longpoll.container;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.annotation.LongPollListener;
import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.client.LongPollBodyTooLargeException;
import dev.longpoll.client.LongPollTimeoutException;
import dev.longpoll.handler.LongPollDecodingException;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broken or hostile servers get a clear error, never take the application down, and the
 * next good event still arrives.
 */
class HostileServerTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	@RegisterExtension
	static WireMockExtension otherHost = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("longpoll.defaults.backoff.initial-interval=20ms", "longpoll.defaults.backoff.jitter=0ms",
				"longpoll.defaults.min-empty-poll-interval=0ms", "longpoll.defaults.timeout=1s");

	record Event(int id) {
	}

	static class Listener {

		final List<Event> received = new CopyOnWriteArrayList<>();

		@LongPollListener(id = "hostile", url = "${hostile.url}")
		void on(Event event) {
			this.received.add(event);
		}

	}

	private void expectFailureThenGoodEvent(String url, Class<? extends Throwable> failure, String... messageParts) {
		RecordingObserver observer = new RecordingObserver();
		this.contextRunner.withPropertyValues("hostile.url=" + url)
			.withBean(Listener.class)
			.withBean(RecordingObserver.class, () -> observer)
			.run((context) -> {
			Listener listener = context.getBean(Listener.class);
			LongPollContainer container = context.getBean(LongPollListenerRegistry.class).getContainer("hostile");
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.contains(new Event(2)));
			List<Throwable> failures = observer.failures;
			assertThat(failures).isNotEmpty();
			assertThat(failures.get(0)).isInstanceOf(failure);
			assertThat(failures.get(0).getMessage()).contains(messageParts);
			assertThat(container.state()).isEqualTo(ListenerState.RUNNING);
		});
	}

	private static void badThenGood(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder bad) {
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("h").whenScenarioStateIs(STARTED)
			.willReturn(bad).willSetStateTo("good"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("h").whenScenarioStateIs("good")
			.willReturn(okJson("[{\"id\":2}]")).willSetStateTo("held"));
		server.stubFor(get(urlPathEqualTo("/feed")).inScenario("h").whenScenarioStateIs("held")
			.willReturn(aResponse().withStatus(204).withFixedDelay(500)));
	}

	@Test
	void malformedJson() {
		badThenGood(okJson("[{\"id\": 1,"));
		expectFailureThenGoodEvent(server.baseUrl() + "/feed", LongPollDecodingException.class,
				"Listener 'hostile'", "200", "application/json", "[{\"id\": 1,");
	}

	@Test
	void contentTypeThatCannotBeDecoded() {
		badThenGood(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>"));
		expectFailureThenGoodEvent(server.baseUrl() + "/feed", LongPollDecodingException.class, "text/html",
				"<html>maintenance</html>");
	}

	@Test
	void hundredMegabyteBodyIsCappedWithoutOutOfMemory() {
		AtomicInteger requests = new AtomicInteger();
		long size = 100L * 1024 * 1024;
		DisposableServer huge = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (requests.getAndIncrement() > 0) {
				return response.header("Content-Type", "application/json").sendString(Mono.just("[{\"id\":2}]"));
			}
			ByteBuf chunk = Unpooled.wrappedBuffer(new byte[64 * 1024]);
			return response.header("Content-Type", "application/json")
				.header("Content-Length", Long.toString(size))
				.send(Flux.range(0, (int) (size / (64 * 1024))).map((i) -> chunk.retainedDuplicate()));
		}).bindNow();
		try {
			Runtime runtime = Runtime.getRuntime();
			expectFailureThenGoodEvent("http://127.0.0.1:" + huge.port() + "/feed",
					LongPollBodyTooLargeException.class, "larger than 'max-body-size' (4194304 bytes)");
			assertThat(runtime.totalMemory() - runtime.freeMemory()).isLessThan(size + runtime.maxMemory() / 2);
		}
		finally {
			huge.disposeNow();
		}
	}

	@Test
	void responseDribbledPastTheTimeout() {
		// Reactor Netty streams each piece at once; WireMock's dribble reaches the client only at the end
		AtomicInteger requests = new AtomicInteger();
		DisposableServer dribbling = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (requests.getAndIncrement() > 0) {
				return response.header("Content-Type", "application/json").sendString(Mono.just("[{\"id\":2}]"));
			}
			return response.header("Content-Type", "application/json")
				.sendString(Flux.interval(Duration.ofMillis(60)).map((i) -> (i == 0) ? "[{\"id\":1}" : " ").take(50));
		}).bindNow();
		try {
			expectFailureThenGoodEvent("http://127.0.0.1:" + dribbling.port() + "/feed", LongPollTimeoutException.class,
					"no complete response within the client timeout (PT1S)", "still arriving");
		}
		finally {
			dribbling.disposeNow();
		}
	}

	@Test
	void serverThatAcceptsAndNeverAnswersTimesOut() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			List<Socket> held = new CopyOnWriteArrayList<>();
			Thread acceptor = new Thread(() -> {
				try {
					while (!silent.isClosed()) {
						Socket socket = silent.accept();
						if (held.size() < 2) {
							held.add(socket); // accept and never answer
						}
						else {
							byte[] body = "[{\"id\":2}]".getBytes(StandardCharsets.UTF_8);
							OutputStream out = socket.getOutputStream();
							out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
									+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
							out.write(body);
							out.flush();
							socket.close();
						}
					}
				}
				catch (IOException ex) {
					// closed at the end of the test
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			expectFailureThenGoodEvent("http://127.0.0.1:" + silent.getLocalPort() + "/feed",
					LongPollTimeoutException.class, "no complete response within the client timeout");
			for (Socket socket : held) {
				socket.close();
			}
		}
	}

	@Test
	void redirectToAnotherHostIsNotFollowedWithOurHeaders() {
		otherHost.stubFor(get(urlPathEqualTo("/elsewhere")).willReturn(okJson("[{\"id\":2}]").withFixedDelay(200)));
		server.stubFor(get(urlPathEqualTo("/feed")).willReturn(aResponse().withStatus(302)
			.withHeader("Location", "http://127.0.0.1:" + otherHost.getPort() + "/elsewhere")));
		this.contextRunner
			.withPropertyValues("hostile.url=http://localhost:" + server.getPort() + "/feed",
					"longpoll.listeners.hostile.follow-redirects=true",
					"longpoll.listeners.hostile.headers.Authorization=Bearer s3cret",
					"longpoll.listeners.hostile.headers.X-Api-Key=k3y")
			.withBean(Listener.class)
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> !listener.received.isEmpty());
				otherHost.verify(getRequestedFor(urlPathEqualTo("/elsewhere")).withHeader("Authorization", absent())
					.withHeader("X-Api-Key", absent()));
			});
	}

}
